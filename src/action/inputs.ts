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
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  const v = value.trim().toLowerCase();
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new InputError(`input ${name}: ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`);
}

/**
 * Reads and validates the inputs through `get` (the value of an input by its action.yml name,
 * "" when unset — as `@actions/core`'s `getInput` gives it). Defaults: command `diff`, repo-path
 * `.`, comment `true`, fail-on `error`, out-dir `packc-report`, cache `.packc/cache` (`false`: none). Booleans accept the YAML 1.2 core
 * spellings, as `getBooleanInput` does. Throws InputError for a value outside those sets.
 */
export function readInputs(get: (name: string) => string): ActionInputs {
  const comment = get("comment").trim() || "true";
  const cache = get("cache").trim();
  if (!["true", "True", "TRUE", "false", "False", "FALSE"].includes(comment)) throw new InputError(`input comment: ${JSON.stringify(comment)} is not true or false`);
  return {
    command: oneOf("command", get("command") || "diff", ["check", "compile", "diff"] as const),
    baseRef: get("base-ref").trim(),
    repoPath: get("repo-path").trim() || ".",
    comment: comment.toLowerCase() === "true",
    githubToken: get("github-token").trim(),
    failOn: oneOf("fail-on", get("fail-on") || "error", ["error", "warning", "never"] as const),
    outDir: get("out-dir").trim() || "packc-report",
    cache: cache === "" ? DEFAULT_CACHE : ["false", "False", "FALSE"].includes(cache) ? false : cache,
  };
}
