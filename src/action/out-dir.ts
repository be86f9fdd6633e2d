import { baseDocumentsAt } from "../load/repo.js";
import { guardOutput, markedOwnership, OutputRefusedError, REPORT_OWNER_FILE, repositoryInputs } from "../emit/out-guard.js";
import { writeOutput } from "../emit/write.js";
import { InputError } from "./inputs.js";

/** The file that marks a directory as packc's report directory, safe to replace on the next run. */
export const OWNER_FILE = REPORT_OWNER_FILE;

/**
 * Replaces the report directory `dir` with `files` atomically ({@link writeOutput}) plus the
 * owner file. Refuses (InputError) what `guardOutput` refuses: the repository or a directory
 * above it, a directory that is, holds or lies inside an input (packc.yaml, the base documents,
 * packs/, tenants/, .git), a symbolic link, a file, and an existing non-empty directory without
 * the owner file, so a mistyped `out-dir` never deletes anyone's files.
 */
export function writeReportDir(dir: string, repoRoot: string, files: ReadonlyMap<string, string | Uint8Array>): void {
  try {
    guardOutput(dir, { root: repoRoot, inputs: repositoryInputs(baseDocumentsAt(repoRoot)), name: `input out-dir: ${dir}`, owned: markedOwnership(OWNER_FILE) });
  } catch (e) {
    if (e instanceof OutputRefusedError) throw new InputError(e.message.replace(/such as compiled$/, "such as packc-report"));
    throw e;
  }
  writeOutput(dir, new Map([[OWNER_FILE, "This directory is written by packc and replaced on every run.\n"], ...files]));
}
