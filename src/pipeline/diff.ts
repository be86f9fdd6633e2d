import { cmp, sortDiagnostics } from "../diagnostics/types.js";
import { changeSet, type ChangeSet } from "../diff/changes.js";
import { releasedEdits } from "../diff/released.js";
import { readScoped } from "../impact/read-scoped.js";
import { inScope, type Scope } from "../impact/scope.js";
import { baseDocuments, inputPaths, readRepoWith } from "../load/repo.js";
import { changedPaths, changedSource, commitSource } from "../repo/git.js";
import { workingTree } from "../repo/source.js";
import { emptyTree } from "../repo/fs-tree.js";
import { lazyTree, prefetch } from "../repo/lazy-files.js";
import { blobIndex } from "../cache/blob-index.js";
import { statIndex } from "../cache/stat-index.js";
import type { TenantResult } from "./tenant.js";
import { cachedCheck, checkModel } from "../cache/cached-check.js";
import type { ImpactModel } from "../impact/affected.js";
import { packLoadMemo } from "../cache/pack-loads.js";
import type { CacheStore } from "../cache/store.js";
import type { Workspace } from "../load/workspace.js";
import { conformanceReports, type ConformanceReport } from "../report/conformance.js";
import { compileWorkspace, finishDiagnostics, prepareRun, streamTenants, type CompileResult } from "./compile.js";

/** Both sides of a pull request, compiled, and the change set between them. */
export interface DiffRun {
  /**
   * The base as a whole compile would give it. An affected-only run compiles only the base's
   * affected tenants and packs; everything outside the change's reach is, by the impact
   * property (`impact/affected.ts`), what the head gives, and is taken from the head.
   */
  base: CompileResult;
  head: CompileResult;
  changes: ChangeSet;
  /** The tenants compiled on the base side (all of them when the run was not affected-only). */
  baseTenantsCompiled: number;
  /**
   * What the head holds, as a check of it counts: pack versions, tenants, and the platform packs'
   * conformance (`head.packs` and `head.tenants` hold only the affected part with a cache).
   */
  headChecked: { packs: number; tenants: number; conformance: ConformanceReport[] };
}

/**
 * Compiles the base commit of the repository at `root` (read from git by commit id) and the
 * head (commit `headId`, or the working tree when null), both as `packc check` does, and
 * compares them. The head is compiled whole (its diagnostics, exit code and SARIF cover the
 * whole repository). The base is affected-only unless `options.full`: only the tenants and packs
 * the paths changed between the two sides can reach (`impact/read-scoped.ts`) are read and
 * compiled; the rest of the base is the head's, which the change cannot have changed. The
 * change set is the same either way (`test/diff-affected.test.ts`). With `options.cache`, the
 * head is not compiled whole either: its diagnostics come from a cached check
 * ({@link cachedDiff}). The head's diagnostics
 * include PK315 for every edit of a pack version the base has released. Ids must come from
 * `resolveCommit`; throws GitRefError when git cannot read a commit.
 */
export function compileDiff(root: string, baseId: string, headId: string | null, options: { full?: boolean; cache?: CacheStore } = {}): DiffRun {
  const { cache } = options;
  // With a cache, files whose digest it knows (by git blob id, or by lstat in the working tree)
  // are listed, and read only when a stage needs their bytes.
  const stats = cache && statIndex(cache, Date.now());
  const blobs = cache && blobIndex(cache, () => stats!.blobs());
  const tree = () => (cache ? lazyTree() : emptyTree());
  const headCommit = headId ? commitSource(root, headId, blobs) : null;
  const headTree = headCommit ? null : workingTree(root, stats || undefined);
  const headWs = readRepoWith(headCommit ?? headTree!, tree());
  // Between two commits, the base is listed from the head's listing and the raw difference.
  const derived = headCommit && changedSource(root, headCommit, headId!, baseId, blobs);
  const baseSource = derived?.source ?? commitSource(root, baseId, blobs);
  // With the stat index, the working tree's untracked files come from its listings.
  const changed = () => derived?.changed ?? changedPaths(root, baseId, headId, { ...(stats && headTree ? { list: headTree.list } : {}), inputs: inputPaths(baseDocuments(headWs.tree)) });
  // With a cache, the head's impact model (its check needs it anyway) tells what the change reaches.
  const headModel = cache && !options.full ? checkModel(headWs, cache) : undefined;
  const read = options.full ? null : readScoped(baseSource, { changed: changed() }, headWs, cache, headModel);
  const baseWs = read ? read.ws : readRepoWith(baseSource, tree());
  blobs?.save();
  if (!headId) stats?.save(true);
  const scope = read?.scope ?? null;
  // A change that reaches everything compiles both sides whole: read every deferred file at once.
  if (!scope) for (const ws of [headWs, baseWs]) prefetch(ws.tree, [""]);
  if (scope && cache) return cachedDiff(baseId, headId, baseWs, headWs, scope, cache, headModel);
  const scoped = scope ? compileWorkspace(baseWs, { mode: "check", scope }) : compileWorkspace(baseWs, { mode: "check" });
  const compiled = scope ? headWithBase(headWs, scope, scoped) : { head: compileWorkspace(headWs, { mode: "check" }), base: scoped };
  const base = compiled.base;
  const edits = releasedEdits(scope ? scoped.packs.filter((p) => scope.reported.has(p.id)) : base.packs, baseWs.tree.files, headWs.tree.files, baseId);
  const head = edits.length ? { ...compiled.head, diagnostics: sortDiagnostics([...compiled.head.diagnostics, ...edits]) } : compiled.head;
  return { base, head, changes: changeSet(base, head, { base: baseId, head: headId ?? "working tree" }), baseTenantsCompiled: scoped.tenants.length, headChecked: { packs: head.packs.length, tenants: head.tenants.length, conformance: conformanceReports(head.packs) } };
}

/**
 * Compiles the whole head, and completes the base's scoped compile `scoped` with the head's
 * results outside `scope`: the diagnostics found before any tenant that `inScope` leaves out,
 * and every tenant outside the scope (the same result object on both sides, which the change
 * set then reports unchanged without comparing).
 */
function headWithBase(headWs: Parameters<typeof prepareRun>[0], scope: Scope, scoped: CompileResult): { head: CompileResult; base: CompileResult } {
  const run = prepareRun(headWs, { mode: "check" });
  const tenants: TenantResult[] = [];
  streamTenants(run, (t) => void tenants.push(t));
  const head: CompileResult = {
    diagnostics: finishDiagnostics([...run.diagnostics, ...tenants.flatMap((t) => t.diagnostics)]),
    packs: run.packs,
    tenantPacks: run.tenantPacks,
    tenants,
    lifecycle: run.lifecycle,
  };
  const outside = tenants.filter((t) => !scope.tenants.has(t.tenant.id));
  const baseTenants = new Map([...scoped.tenants, ...outside].map((t) => [t.tenant.id, t] as const));
  const loaded = new Set(scoped.packs.map((p) => p.id));
  const base: CompileResult = {
    diagnostics: finishDiagnostics([...scoped.diagnostics, ...run.diagnostics.filter((d) => !inScope(scope, d)), ...outside.flatMap((t) => t.diagnostics)]),
    packs: [...scoped.packs, ...run.packs.filter((p) => !loaded.has(p.id))],
    tenantPacks: [...scoped.tenantPacks.filter((p) => scope.tenants.has(p.tenant)), ...run.tenantPacks.filter((p) => !scope.tenants.has(p.tenant))],
    tenants: [...baseTenants.keys()].sort(cmp).map((id) => baseTenants.get(id)!),
    lifecycle: scoped.lifecycle,
  };
  return { head, base };
}

/**
 * The affected-only diff with a cache: the head's diagnostics (all of them) from a cached check
 * (`cache/cached-check.ts`), which also compiles the affected tenants with their active configs;
 * the base compiled within the scope; the base outside it is the head's (its cached diagnostics
 * per pack id and tenant), and the tenants outside it are reported unchanged with whether they
 * compile. `head.tenants` and `head.packs` hold only the affected tenants and the packs loaded
 * for them; `head.diagnostics` is whole.
 */
function cachedDiff(baseId: string, headId: string | null, baseWs: Workspace, headWs: Workspace, scope: Scope, cache: CacheStore, headModel?: ImpactModel): DiffRun {
  const checked = cachedCheck(headWs, cache, undefined, scope.tenants, headModel);
  const scoped = compileWorkspace(baseWs, { mode: "check", scope, loads: packLoadMemo(baseWs, cache) });
  const outside = [...[...checked.parts.packs].filter(([id]) => !scope.reported.has(id)), ...[...checked.parts.tenants].filter(([id]) => !scope.tenants.has(id))].flatMap(([, d]) => d);
  const base: CompileResult = { ...scoped, diagnostics: finishDiagnostics([...scoped.diagnostics, ...outside]) };
  const edits = releasedEdits(scoped.packs.filter((p) => scope.reported.has(p.id)), baseWs.tree.files, headWs.tree.files, baseId);
  const head: CompileResult = { diagnostics: finishDiagnostics([...checked.diagnostics, ...edits]), packs: checked.kept.packs, tenantPacks: [], tenants: checked.kept.tenants, lifecycle: scoped.lifecycle };
  const unchanged = new Map([...checked.compiles].filter(([id]) => !scope.tenants.has(id)).map(([id, compiles]) => [id, { compiles, diagnostics: checked.parts.tenants.get(id) ?? [] }] as const));
  return { base, head, changes: changeSet(base, head, { base: baseId, head: headId ?? "working tree" }, unchanged), baseTenantsCompiled: scoped.tenants.length, headChecked: { packs: checked.packs, tenants: checked.tenants, conformance: checked.conformance } };
}
