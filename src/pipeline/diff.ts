import { changeSet, type ChangeSet } from "../diff/changes.js";
import { readRepo, readRepoWith } from "../load/repo.js";
import { commitReader } from "../repo/git.js";
import { compileWorkspace, type CompileResult } from "./compile.js";

/** Both sides of a pull request, compiled, and the change set between them. */
export interface DiffRun {
  base: CompileResult;
  head: CompileResult;
  changes: ChangeSet;
}

/**
 * Compiles the base commit of the repository at `root` (read from git by commit id) and the
 * head (commit `headId`, or the working tree when null), both as `packc check` does, and
 * compares them. Ids must come from `resolveCommit`; throws GitRefError when git cannot read
 * a commit.
 */
export function compileDiff(root: string, baseId: string, headId: string | null): DiffRun {
  const base = compileWorkspace(readRepoWith(commitReader(root, baseId)), { mode: "check" });
  const head = compileWorkspace(headId ? readRepoWith(commitReader(root, headId)) : readRepo(root), { mode: "check" });
  return { base, head, changes: changeSet(base, head, { base: baseId, head: headId ?? "working tree" }) };
}
