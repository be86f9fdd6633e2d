import { DEFAULT_CACHE } from "../cache/open.js";

/** A bad `with:` value of the Action; the message names the input and the values it accepts. */
export class InputError extends Error {}

/** The Action's inputs (action.yml), validated. Paths are as given (relative to the workspace). */
export interface ActionInputs {
  command: "check" | "compile" | "diff";
  /** The base ref or sha; empty: the pull request's base sha from the event. */
  baseRef: string;
  repoPath: string;
  comment: boolean;
  githubToken: string;
  failOn: "error" | "warning" | "never";
  outDir: string;
  /** The cache directory `diff` and `check` use, relative to the repository, or false (`cache: false`). */
  cache: string | false;
  /** Set the labels `packc:loosens-policy` and `packc:tightens-policy` on the pull request from the diff's flips. */
  labels: boolean;
  /** Post a diff comment when no tenant changes and the head has no error (an existing one is always updated). */
  commentOnNoChange: boolean;
  /** Delete packc's old comment parts and post the new ones at the bottom of the conversation, instead of editing them in place. */
  recreate: boolean;
}

const TRUE = ["true", "True", "TRUE"];
const FALSE = ["false", "False", "FALSE"];

/** A boolean input in the YAML 1.2 core spellings (as `getBooleanInput` reads them), `fallback` when unset. */
function bool(get: (name: string) => string, name: string, fallback: boolean): boolean {
  const v = get(name).trim();
  if (v === "") return fallback;
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  throw new InputError(`input ${name}: ${JSON.stringify(v)} is not true or false`);
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  const v = value.trim().toLowerCase();
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new InputError(`input ${name}: ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`);
}

/**
 * Reads and validates the inputs through `get` (the value of an input by its action.yml name,
 * "" when unset — as `@actions/core`'s `getInput` gives it). Defaults: command `diff`, repo-path
 * `.`, comment `true`, fail-on `error`, out-dir `packc-report`, cache `.packc/cache` (`false`:
 * none), labels `false`, comment-on-no-change `true`, recreate `false`. Booleans accept the YAML
 * 1.2 core spellings, as `getBooleanInput` does. Throws InputError for a value outside those sets.
 */
export function readInputs(get: (name: string) => string): ActionInputs {
  const cache = get("cache").trim();
  return {
    command: oneOf("command", get("command") || "diff", ["check", "compile", "diff"] as const),
    baseRef: get("base-ref").trim(),
    repoPath: get("repo-path").trim() || ".",
    comment: bool(get, "comment", true),
    githubToken: get("github-token").trim(),
    failOn: oneOf("fail-on", get("fail-on") || "error", ["error", "warning", "never"] as const),
    outDir: get("out-dir").trim() || "packc-report",
    cache: cache === "" ? DEFAULT_CACHE : FALSE.includes(cache) ? false : cache,
    labels: bool(get, "labels", false),
    commentOnNoChange: bool(get, "comment-on-no-change", true),
    recreate: bool(get, "recreate", false),
  };
}
