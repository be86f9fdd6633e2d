import { existsSync, readdirSync, statSync } from "node:fs";
import { relative, resolve } from "node:path";
import { writeOutput } from "../emit/write.js";
import { InputError } from "./inputs.js";

/** The file that marks a directory as packc's report directory, safe to replace on the next run. */
export const OWNER_FILE = ".packc-report";

/**
 * Replaces the report directory `dir` with `files` atomically ({@link writeOutput}) plus the
 * owner file. Refuses (InputError) a directory that holds the repository or its sources, and an
 * existing non-empty directory without the owner file, so a mistyped `out-dir` never deletes
 * anyone's files.
 */
export function writeReportDir(dir: string, repoRoot: string, files: ReadonlyMap<string, string>): void {
  const target = resolve(dir);
  const rel = relative(target, repoRoot).split("\\").join("/");
  const inside = relative(repoRoot, target).split("\\").join("/");
  if (!rel.startsWith("..") || ["packs", "tenants"].some((d) => inside === d || inside.startsWith(`${d}/`))) {
    throw new InputError(`input out-dir: ${dir} would replace the repository or its packs/ or tenants/; choose a directory of its own, such as packc-report`);
  }
  if (existsSync(target) && (!statSync(target).isDirectory() || (readdirSync(target).length > 0 && !existsSync(resolve(target, OWNER_FILE))))) {
    throw new InputError(`input out-dir: ${dir} exists and was not written by packc; choose a new or empty directory (packc replaces it on every run)`);
  }
  writeOutput(target, new Map([[OWNER_FILE, "This directory is written by packc and replaced on every run.\n"], ...files]));
}
