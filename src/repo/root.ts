import { statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { SETTINGS_FILE } from "../load/repo.js";

/** No packs repository at a directory or any directory above it (exit 2, never "no problems"). */
export class NoRepositoryError extends Error {}

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};
const isFile = (p: string) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/** Whether `dir` holds a packs repository: a `packc.yaml`, or both `packs/` and `tenants/`. */
export function isRepoRoot(dir: string): boolean {
  return isFile(join(dir, SETTINGS_FILE)) || (isDir(join(dir, "packs")) && isDir(join(dir, "tenants")));
}

/** Whether `dir` holds any input of a repository (`packc.yaml`, `packs/` or `tenants/`): enough for a directory named explicitly. */
function hasInputs(dir: string): boolean {
  return isFile(join(dir, SETTINGS_FILE)) || isDir(join(dir, "packs")) || isDir(join(dir, "tenants"));
}

/**
 * The packs repository's root, found as git and npm find theirs: `start` (absolute or relative
 * to the working directory) when it holds `packc.yaml`, `packs/` or `tenants/`, else the
 * nearest directory above it holding `packc.yaml`, or `packs/` and `tenants/`. The search stops
 * at `ceiling` when given (the Action's workspace) and at the file-system root. Throws
 * NoRepositoryError ("no packs repository at DIR or above") when there is none, and when
 * `start` is not a directory.
 */
export function findRepoRoot(start: string, ceiling?: string): string {
  const from = resolve(start);
  if (!isDir(from)) throw new NoRepositoryError(`${start} is not a directory`);
  if (hasInputs(from)) return from;
  const stop = ceiling === undefined ? undefined : resolve(ceiling);
  for (let dir = from; ; dir = dirname(dir)) {
    if (isRepoRoot(dir)) return dir;
    const atCeiling = stop !== undefined && (dir === stop || !inside(dir, stop));
    if (atCeiling || dirname(dir) === dir) break;
  }
  throw new NoRepositoryError(
    `no packs repository at ${from} or above (looked for ${SETTINGS_FILE}, or packs/ with tenants/${stop !== undefined ? `, up to ${stop}` : ""}); run packc inside one, or give --repo DIR`,
  );
}

/** Whether `child` is `parent` or lies under it (both absolute, normalized). */
export function inside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (rel !== ".." && !rel.startsWith(".." + sep) && !isAbsolute(rel));
}
