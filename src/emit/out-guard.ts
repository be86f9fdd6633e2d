import { lstatSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { inside } from "../repo/root.js";
import { cmp } from "../diagnostics/types.js";
import { inputPaths } from "../load/repo.js";

/** An output directory packc must not replace (exit 2); the message says why and what to do. */
export class OutputRefusedError extends Error {}

/** What {@link guardOutput} checks an output directory against. */
export interface OutputGuard {
  /** The repository root, absolute. */
  root: string;
  /** The repository's inputs, relative to the root: settings, base documents, packs/, tenants/, .git. */
  inputs: readonly string[];
  /** How the user named the output, for messages (`--out compiled`, `input out-dir: x`). */
  name: string;
  /**
   * For an existing non-empty directory: null when packc wrote it (it may be replaced), else
   * why not (the entries packc did not write).
   */
  owned(dir: string): string | null;
}

/**
 * The real path of `p`, whether or not it exists: the real path of its nearest existing
 * ancestor (symbolic links resolved) joined with the rest. Throws OutputRefusedError when that
 * ancestor is not a directory (`--out` inside a file).
 */
export function realPathDeep(p: string): string {
  const abs = resolve(p);
  let existing = abs;
  const rest: string[] = [];
  for (;;) {
    try {
      const real = realpathSync(existing);
      if (rest.length && !lstatSync(real).isDirectory()) throw new OutputRefusedError(`${existing} is a file, so nothing can be written under it`);
      return join(real, ...rest.reverse());
    } catch (e) {
      if (e instanceof OutputRefusedError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw e;
      if (dirname(existing) === existing) return abs;
      rest.push(basename(existing));
      existing = dirname(existing);
    }
  }
}

/**
 * Checks that directory `out` may be replaced by packc, and returns its real path. Refuses
 * (OutputRefusedError): a symbolic link (a `compiled → compiled` loop included) or a file at
 * `out`; an output inside a file; the repository root or any directory above it; an output
 * that equals, contains or lies inside an input (real paths compared, so `a/../config` and
 * links are seen through); and an existing non-empty directory that `owned` does not claim.
 * Reads the file system; writes nothing (DESIGN.md "an output directory is replaced only when
 * packc wrote it").
 */
export function guardOutput(out: string, g: OutputGuard): string {
  const abs = resolve(out);
  let stat;
  try {
    stat = lstatSync(abs);
  } catch {
    stat = null;
  }
  if (stat?.isSymbolicLink()) throw new OutputRefusedError(`${g.name} is a symbolic link; packc replaces only a directory it wrote: give the directory itself, or remove the link`);
  if (stat && !stat.isDirectory()) throw new OutputRefusedError(`${g.name} is a file, not a directory packc wrote; choose another output directory`);
  const target = realPathDeep(abs);
  const root = realpathSync(g.root);
  if (inside(root, target)) {
    throw new OutputRefusedError(`${g.name} is ${target === root ? "the repository itself" : `${target}, a directory holding the repository`}; packc would replace it. Choose a directory of its own, such as compiled`);
  }
  for (const input of g.inputs) {
    const real = realPathDeep(join(g.root, input));
    if (inside(target, real) || inside(real, target)) {
      const how = target === real ? "is" : inside(target, real) ? "lies inside" : "contains";
      throw new OutputRefusedError(`${g.name} ${how} ${input}, an input of the repository; packc would replace it. Choose a directory of its own, such as compiled`);
    }
  }
  if (stat && readdirSync(abs).length > 0) {
    const why = g.owned(abs);
    if (why) throw new OutputRefusedError(`${g.name} exists and ${why}; packc replaces only a directory it wrote. Move those files away, or choose a new or empty directory`);
  }
  return target;
}

/** Files under `dir` (relative, `/`-separated), the symbolic links met, and the directories under it (each before its ancestors). */
function listFiles(dir: string): { files: string[]; links: string[]; dirs: string[] } {
  const files: string[] = [];
  const links: string[] = [];
  const dirs: string[] = [];
  const walk = (rel: string) => {
    // Types from the listing itself: an lstat per entry doubled the cost on a 10,000-tenant output.
    const entries = readdirSync(join(dir, rel), { withFileTypes: true }).sort((a, b) => cmp(a.name, b.name));
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isSymbolicLink()) links.push(r);
      else if (e.isDirectory()) {
        dirs.push(r);
        walk(r);
      } else files.push(r);
    }
  };
  walk("");
  return { files, links, dirs: dirs.reverse() };
}

const few = (names: string[]) => names.slice(0, 3).join(", ") + (names.length > 3 ? ` and ${names.length - 3} more` : "");

/** What {@link compiledListing} found: why packc may not replace the directory (null: it may), and everything in it, relative (directories each before its ancestors). */
export interface CompiledListing {
  why: string | null;
  files: string[];
  dirs: string[];
}

/** The files `dir`'s `SHA256SUMS` lists, with `index.json` and `SHA256SUMS`, when its `index.json` names the packc version; else none. */
function listedFiles(dir: string): Set<string> {
  const listed = new Set<string>();
  try {
    const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as unknown;
    const sums = readFileSync(join(dir, "SHA256SUMS"), "utf8");
    if (typeof index === "object" && index !== null && typeof (index as { packc?: unknown }).packc === "string") {
      for (const p of ["index.json", "SHA256SUMS", ...sums.split("\n").map((l) => l.slice(66)).filter(Boolean)]) listed.add(p);
    }
  } catch {
    // not a compiled output: every file in it is someone else's
  }
  return listed;
}

/**
 * Whether `dir` is a compiled output packc wrote, and what it holds: its `index.json` names the
 * packc version, and every file in it is `index.json`, `SHA256SUMS` or listed in `SHA256SUMS`.
 * Any other entry is someone else's and is never deleted. The listing lets the replaced output
 * be removed without walking it again (`emit/write.ts` `StagedOutput.commit`).
 */
export function compiledListing(dir: string): CompiledListing {
  const listed = listedFiles(dir);
  const { files, links, dirs } = listFiles(dir);
  const foreign = [...links, ...files.filter((f) => !listed.has(f))];
  return { why: foreign.length ? `holds files packc did not write (${few(foreign)})` : null, files, dirs };
}

/**
 * {@link compiledListing}'s verdict (for {@link OutputGuard.owned}) for the check before compiling, which only spares a doomed run: a
 * directory whose `index.json` and `SHA256SUMS` mark it as packc's is checked at its top level
 * alone (each file listed, each directory holding listed files), since `compile` checks every
 * file again right before replacing it. A directory without those marks is listed whole, so
 * its files are named at once. (The full walk of a 10,000-tenant output cost a cold run up to
 * 0.8 s of CPU.)
 */
export function compiledOwnershipAtTop(dir: string): string | null {
  const listed = listedFiles(dir);
  if (listed.size === 0) return compiledListing(dir).why;
  const foreign: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => cmp(a.name, b.name))) {
    const mine = e.isDirectory() ? [...listed].some((f) => f.startsWith(`${e.name}/`)) : !e.isSymbolicLink() && listed.has(e.name);
    if (!mine) foreign.push(e.name);
  }
  return foreign.length ? `holds files packc did not write (${few(foreign)})` : null;
}

/** The file that marks a directory as a packc report directory (the Action's out-dir, `diff --out-dir`), safe to replace on the next run. */
export const REPORT_OWNER_FILE = ".packc-report";

/** Whether `dir` holds `ownerFile`, the mark packc leaves in a report directory it writes. */
export function markedOwnership(ownerFile: string): (dir: string) => string | null {
  return (dir) => {
    try {
      return lstatSync(join(dir, ownerFile)).isFile() ? null : `has no ${ownerFile} file`;
    } catch {
      return `was not written by packc (it has no ${ownerFile} file)`;
    }
  };
}

/** The inputs of a repository, relative to its root: settings, base documents, packs/, tenants/, .git. */
export function repositoryInputs(baseDocuments: readonly string[]): string[] {
  return [...inputPaths(baseDocuments), ".git"];
}

