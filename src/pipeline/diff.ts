import { sortDiagnostics } from "../diagnostics/types.js";
import { changeSet, type ChangeSet } from "../diff/changes.js";
import { releasedEdits } from "../diff/released.js";
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
 * compares them. The head's diagnostics include PK315 for every edit of a pack version the
 * base has released. Ids must come from `resolveCommit`; throws GitRefError when git cannot
 * read a commit.
 */
export function compileDiff(root: string, baseId: string, headId: string | null): DiffRun {
  const baseWs = readRepoWith(commitReader(root, baseId));
  const headWs = headId ? readRepoWith(commitReader(root, headId)) : readRepo(root);
  const base = compileWorkspace(baseWs, { mode: "check" });
  const compiled = compileWorkspace(headWs, { mode: "check" });
  const edits = releasedEdits(base.packs, baseWs.tree.files, headWs.tree.files, baseId);
  const head = edits.length ? { ...compiled, diagnostics: sortDiagnostics([...compiled.diagnostics, ...edits]) } : compiled;
  return { base, head, changes: changeSet(base, head, { base: baseId, head: headId ?? "working tree" }) };
}
