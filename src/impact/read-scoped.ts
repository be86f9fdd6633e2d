import { DIALECTS, loadRegistry } from "../dialects/api.js";
import { baseDocuments, loadInputs, SETTINGS_FILE } from "../load/repo.js";
import { usedVersions } from "../resolve/used.js";
import { packIds as packIdsOf, workspace, type Workspace } from "../load/workspace.js";
import { emptyTree } from "../repo/fs-tree.js";
import { lazyTree, prefetch } from "../repo/lazy-files.js";
import type { DirEntry, RepoSource } from "../repo/source.js";
import { affected, type Impact, type ImpactModel } from "./affected.js";
import { impactModel as modelOf } from "./model.js";
import { fileMemo } from "../cache/file-memo.js";
import { cachedModel } from "../cache/model-memo.js";
import type { CacheStore } from "../cache/store.js";
import { fullFromStart, impactScope, shardScope, tenantScope, type Scope } from "./scope.js";
import { shardOf, type Shard } from "./shard.js";

/**
 * What a scoped run asks for: some tenants (`--tenant`), what a change can reach
 * (`--changed-since`, an affected-only diff), or one shard of the tenants (`--shard I/N`).
 */
export type ScopeRequest = { tenants: readonly string[] } | { changed: readonly string[] } | { shard: Shard } | { packs: readonly string[] };

/** A repository read for a scoped run. */
export interface ScopedRead {
  /** The files the run needs (the whole repository when `scope` is null). */
  ws: Workspace;
  /** The run's scope; null when the change reaches everything (or nothing could be listed), and `ws` holds every file. */
  scope: Scope | null;
  /** The tenant directories under `tenants/`, in code-point order (for `--tenant` to check its ids against). */
  tenantIds: string[];
  /** What the scope leaves out: pack version directories not loaded, tenant directories not compiled (0 and 0 without a scope). */
  skipped: { packs: number; tenants: number };
}

const MANIFESTS = new Set(DIALECTS.flatMap((d) => d.manifests));
/** The manifests of the dialects whose packs tenants activate: such versions are always loaded in full. */
const ACTIVATED = new Set(DIALECTS.flatMap((d) => (d.tenantSteps ? d.manifests : [])));

/**
 * Reads only what a scoped run needs, listing directories first: `packc.yaml`, the base
 * documents and every file directly under `packs/` and `tenants/` (the repository's own,
 * always reported); then just enough manifests and tenant records to compute the scope
 * (`impact/affected.ts`, `impact/scope.ts`); then the whole directory of every tenant the scope
 * compiles and of every pack id it reports; of the other pack ids it loads, every manifest, and
 * in full only the versions of a shard's share and those the scoped tenants resolve to or pin
 * (resolved here on the manifests alone, as the run will: the scope's `full`). A change that
 * touches no pack reads no other pack's manifest nor any other tenant's record; a change to a
 * pack reads every manifest (to find its dependents) and every `tenant.yaml` (to find its
 * users), but validates only the scope. A `packs` request (`bundle`) reaches those pack ids
 * alone, with what they depend on loaded, and no tenant.
 * The workspace then holds, for every pack and tenant in scope, exactly the files a whole read
 * holds, so the run reports what a full run reports within the scope (`test/scope.test.ts`).
 * A change that reaches everything, or a `packs/` or `tenants/` that is not a plain directory,
 * reads the whole repository (`scope` null). I/O only through `source`. `seed`: the other side
 * of a diff, whose parses of identical files are shared ({@link workspace}). `cache`: answers
 * what impact analysis and manifest-only loads compute from a file, by its bytes
 * (`cache/file-memo.ts`), and stores what it lacked. `other`: the impact model of a tree that
 * differs from this one only in `request.changed` (the head of a diff, which its check computed
 * anyway); given, a changed pack reads no other manifest nor any tenant record of this tree, for
 * the other side's records reach the same packs and tenants: a dependency or request that only
 * this side has sits in a file the change touched, whose pack or tenant is reached already.
 */
export function readScoped(source: RepoSource, request: ScopeRequest, seed?: Workspace, cache?: CacheStore, other?: ImpactModel): ScopedRead {
  // With a cache, a working tree's files its stat index knows are listed, then read only if needed.
  const tree = cache ? lazyTree() : emptyTree();
  // Filled once the listing is known: the pack ids of the whole repository (suggestions use them).
  const listed = new Set<string>();
  const ws = workspace(tree, seed, listed);
  // The model again only when the files it reads grew (files are only ever added to a read, never changed).
  let last: { inputs: number; tenantPacks: number; model: ReturnType<typeof modelOf> } | undefined;
  const impactModel = (w: Workspace, withTenantPacks: ReadonlySet<string>) => {
    const inputs = modelInputCount(w);
    if (last?.inputs === inputs && last.tenantPacks === withTenantPacks.size) return last.model;
    last = { inputs, tenantPacks: withTenantPacks.size, model: cache ? cachedModel(w, cache, withTenantPacks) : modelOf(w, withTenantPacks) };
    return last.model;
  };
  source.read([SETTINGS_FILE], tree);
  const bases = baseDocuments(tree);
  const packsDir = source.list("packs");
  const tenantsDir = source.list("tenants");
  const whole = (): ScopedRead => {
    source.read(["packs", "tenants"], tree);
    source.read(bases.filter((f) => !tree.files.has(f)), tree);
    for (const id of packIdsOf(workspace(tree))) listed.add(id);
    const tenantIds = dirNames(tenantsDir);
    // A shard is a shard even when everything had to be read (no plain packs/ or tenants/ directory).
    if ("shard" in request) return { ws, scope: shardScope(request.shard, tenantIds, dirNames(packsDir)), tenantIds, skipped: { packs: 0, tenants: 0 } };
    return { ws, scope: null, tenantIds, skipped: { packs: 0, tenants: 0 } };
  };
  if (!packsDir || !tenantsDir) return whole();
  // `packs`: those pack ids alone (and what they depend on), no tenant: what `bundle` validates.
  let impact: Impact =
    "changed" in request
      ? affected(request.changed, [{ baseDocuments: bases, packs: [], tenants: [] }])
      : { all: false, packs: new Set("packs" in request ? request.packs : []), tenants: new Set("tenants" in request ? request.tenants : []) };
  if (impact.all) return whole();
  source.read(bases.filter((f) => !tree.files.has(f)), tree);
  source.read([...loose("packs", packsDir), ...loose("tenants", tenantsDir)], tree);

  const packIds = dirNames(packsDir);
  const tenantIds = dirNames(tenantsDir);
  const known = { packs: new Set(packIds), tenants: new Set(tenantIds) };
  const listings = new Map<string, DirEntry[]>();
  const listingOf = (id: string) => {
    let l = listings.get(id);
    if (!l) listings.set(id, (l = source.list(`packs/${id}`) ?? []));
    return l;
  };
  const versionsOf = (id: string) => dirNames(listingOf(id));
  const manifestsRead = new Set<string>();
  const readManifests = (ids: Iterable<string>) => {
    const files: string[] = [];
    for (const id of ids) {
      if (manifestsRead.has(id) || !known.packs.has(id)) continue;
      manifestsRead.add(id);
      for (const v of versionsOf(id)) {
        for (const e of source.list(`packs/${id}/${v}`) ?? []) if (!e.dir && MANIFESTS.has(e.name)) files.push(`packs/${id}/${v}/${e.name}`);
      }
    }
    source.read(files, tree);
  };
  const withTenantPacks = new Set<string>();

  const readAllRecords = () => {
    readManifests(packIds);
    const records: string[] = [];
    for (const id of tenantIds) {
      const entries = source.list(`tenants/${id}`) ?? [];
      if (entries.some((e) => e.name === "tenant.yaml" && !e.dir)) records.push(`tenants/${id}/tenant.yaml`);
      if (entries.some((e) => e.name === "tenant-packs")) withTenantPacks.add(id);
    }
    source.read(records, tree);
  };
  if ("changed" in request && impact.packs.size) {
    // A changed pack reaches its dependents and its users: every manifest and tenant record, of
    // this tree or of the other side, whose records reach the same (see `other`).
    if (other) {
      impact = affected(request.changed, [other]);
    } else {
      readAllRecords();
      impact = affected(request.changed, [impactModel(ws, withTenantPacks)]);
    }
  }
  if ("shard" in request) {
    impact = { all: false, packs: new Set(), tenants: new Set(tenantIds.filter((id) => shardOf(id, request.shard.count) === request.shard.index)) };
  }
  const tenants = [...impact.tenants].filter((id) => known.tenants.has(id)).sort();
  source.read(tenants.map((id) => `tenants/${id}`), tree);
  // A tenant with tenant packs uses every activated (domain) pack: those are in every manifest.
  const scoped = new Set(tenants);
  const tenantPacks = [...tree.files.keys()].some((f) => {
    const parts = f.split("/");
    return parts[0] === "tenants" && parts[2] === "tenant-packs" && scoped.has(parts[1]!);
  });
  if (tenantPacks) readManifests(packIds);
  // The packs the scope needs, and their dependencies, to a fixpoint.
  for (;;) {
    const model = impactModel(ws, withTenantPacks);
    const scope = "changed" in request || "packs" in request ? impactScope(impact, model)! : "shard" in request ? shardScope(request.shard, tenantIds, packIds) : tenantScope(request.tenants, model);
    const missing = [...scope.loaded].filter((id) => known.packs.has(id) && !manifestsRead.has(id));
    if (missing.length) {
      readManifests(missing);
      continue;
    }
    for (const id of packIds) if (listingOf(id).length) listed.add(id);
    const loaded = packIds.filter((id) => scope.loaded.has(id));
    readManifests(loaded);
    source.read(loaded.filter((id) => scope.reported.has(id)).map((id) => `packs/${id}`), tree);
    // Of the other loaded ids: the files beside the versions (lifecycle.yaml), the versions of a
    // shard's share and of dialects whose packs tenants activate (always loaded in full), then
    // the versions the scoped tenants use, found by resolving them on the manifests alone.
    const full = new Set<string>();
    const files: string[] = [];
    for (const id of loaded) {
      if (scope.reported.has(id)) continue;
      files.push(...loose(`packs/${id}`, listingOf(id)));
      for (const v of versionsOf(id)) {
        const dir = `packs/${id}/${v}`;
        if (fullFromStart(scope, dir) || (source.list(dir) ?? []).some((e) => !e.dir && ACTIVATED.has(e.name))) full.add(dir);
      }
    }
    source.read([...files, ...full], tree);
    // What the run reads in full, at once (a lazy tree of a commit: one cat-file, not one per directory).
    prefetch(tree, [SETTINGS_FILE, ...bases, ...tenants.map((id) => `tenants/${id}`), ...loaded.filter((id) => scope.reported.has(id)).map((id) => `packs/${id}`), ...files, ...full]);
    const inputs = loadInputs(ws, scope.tenants);
    const registry = loadRegistry(ws, { config: inputs.baseConfig, policy: inputs.basePolicy, palm: inputs.palmRuntime }, undefined, { ids: scope.loaded, full: () => false, ...(cache ? { memo: fileMemo(ws, cache, "partial") } : {}) }).registry;
    const used = [...usedVersions(inputs.tenants, registry, { mode: "check" })].filter((dir) => {
      const [, id, v] = dir.split("/");
      return scope.loaded.has(id!) && !scope.reported.has(id!) && !full.has(dir) && versionsOf(id!).includes(v!);
    });
    // Listed, not read: the run's registry reads them at once, except those whose load a cache holds.
    source.read(used, tree);
    for (const dir of used) full.add(dir);
    const versions = (ids: string[]) => ids.reduce((n, id) => n + versionsOf(id).length, 0);
    const partial = versions(loaded.filter((id) => !scope.reported.has(id))) - full.size;
    const skippedPacks = versions(packIds.filter((id) => !scope.loaded.has(id))) + partial;
    return { ws, scope: { ...scope, full }, tenantIds, skipped: { packs: skippedPacks, tenants: tenantIds.filter((id) => !scope.tenants.has(id)).length } };
  }
}

/** How many of a workspace's files impact analysis reads (`impact/model.ts`): pack manifests, and tenant records and tenant packs. */
function modelInputCount(ws: Workspace): number {
  let n = 0;
  for (const file of ws.tree.files.keys()) {
    const parts = file.split("/");
    if (parts[0] === "packs" ? parts.length === 4 && MANIFESTS.has(parts[3]!) : parts[0] === "tenants" && (parts[2] === "tenant.yaml" || parts[2] === "tenant-packs")) n++;
  }
  return n;
}

/** The names of the directories in a listing. */
function dirNames(entries: DirEntry[] | null): string[] {
  return (entries ?? []).filter((e) => e.dir).map((e) => e.name);
}

/** The paths of everything in a listing that is not a directory (files, links), under `dir`. */
function loose(dir: string, entries: DirEntry[]): string[] {
  return entries.filter((e) => !e.dir).map((e) => `${dir}/${e.name}`);
}
