import { createHash } from "node:crypto";
import { cmp, hasErrors, type Diagnostic } from "../diagnostics/types.js";
import type { ImpactModel } from "../impact/affected.js";
import type { PackVersion } from "../model/pack.js";
import type { TenantResult } from "../pipeline/tenant.js";
import { dependencyClosure, type Scope } from "../impact/scope.js";
import { packIds, type Workspace } from "../load/workspace.js";
import { prepareRun, finishDiagnostics, streamTenants } from "../pipeline/compile.js";
import { conformanceReports, sortConformance, type ConformanceReport } from "../report/conformance.js";
import type { ProgressSink } from "../util/progress-sink.js";
import type { CacheStore } from "./store.js";
import { bytesDigest, fileMemo } from "./file-memo.js";
import { cachedModel } from "./model-memo.js";
import { packLoadMemo } from "./pack-loads.js";
import { prefetch } from "../repo/lazy-files.js";

/** What a pack id contributes to a check: its diagnostics, its pack versions, their conformance. */
interface PackEntry {
  diagnostics: Diagnostic[];
  versions: number;
  conformance: ConformanceReport[];
}

/**
 * What a tenant directory contributes to a check: its diagnostics, whether it is a tenant (it
 * has a readable tenant.yaml), and whether it compiles (an active config would be written).
 */
interface TenantEntry {
  diagnostics: Diagnostic[];
  counted: boolean;
  compiles: boolean;
}

/** A whole-repository check's report, as `packc check` prints it. */
export interface CheckReport {
  diagnostics: Diagnostic[];
  packs: number;
  tenants: number;
  conformance: ConformanceReport[];
  /** How many pack ids and tenants came from the cache, of how many. */
  reused: { packs: number; packsOf: number; tenants: number; tenantsOf: number };
  /** Whether each tenant (with a readable tenant.yaml) compiles, by id. */
  compiles: Map<string, boolean>;
  /** The diagnostics of each pack id and each tenant directory (the repository's own files' aside). */
  parts: { packs: Map<string, readonly Diagnostic[]>; tenants: Map<string, readonly Diagnostic[]> };
  /** The impact model of the workspace (from the cache where it could be). */
  model: ImpactModel;
  /** The results of the tenants `keep` named, with active configs, and the pack versions loaded for them. */
  kept: { tenants: TenantResult[]; packs: PackVersion[] };
}

/** Bumped whenever what an entry holds changes shape. */
const FORMAT = "cache-format-2";

/** The sha256 (hex) of `parts`, each followed by NUL (one update: 20,000 keys a run). */
const hash = (parts: readonly string[]) => createHash("sha256").update(`${parts.join("\0")}\0`).digest("hex");

/**
 * The impact model of a whole workspace as {@link cachedCheck} computes it (what each manifest
 * and tenant record names, from the cache by their bytes where it holds them), for a caller that
 * needs it first (a diff's other side, `impact/read-scoped.ts`).
 */
export function checkModel(ws: Workspace, cache: CacheStore): ImpactModel {
  return cachedModel(ws, cache);
}

/**
 * `packc check` of the whole repository with a content-addressed cache: the report of a full
 * run, byte for byte, computing only what the cache does not hold. What a pack id reports
 * depends only on the repository's own files (`packc.yaml`, base documents, files directly under
 * `packs/` and `tenants/`, the set of pack ids) and on every file of it and of the pack ids it
 * depends on, transitively; what a tenant reports, on the repository's own files, its directory
 * and every file of the pack ids it uses with their dependencies. That is what a scoped run
 * loads (`impact/scope.ts`), and `test/scope.test.ts` shows such a run reports what a full run
 * reports. So each pack id and tenant is keyed by the sha256 of exactly those files (and the
 * packc build, `cache/store.ts`); the ones whose key the cache lacks are checked in one scoped
 * run and stored; the repository's own files are checked on every run. The impact model itself
 * (manifests' dependencies, tenants' requests) and the manifest-only loads of pack versions the
 * run does not load in full are cached, the model whole and per file, keyed by the bytes
 * (`cache/model-memo.ts`, `cache/file-memo.ts`);
 * `model` is that model when the caller has it ({@link checkModel}). The tenants `keep` names are compiled in that run whether the cache holds them or not, with
 * active configs, and returned (`diff` compares them).
 */
export function cachedCheck(ws: Workspace, cache: CacheStore, progress?: ProgressSink, keep: ReadonlySet<string> = new Set(), model: ImpactModel = checkModel(ws, cache)): CheckReport {
  const digests = new Map<string, string>();
  for (const file of ws.tree.files.keys()) digests.set(file, bytesDigest(ws, file)!);

  // Digests of the repository's own files, and of each pack and tenant directory.
  const own: string[] = [];
  const dirs = new Map<string, string[]>();
  const add = (dir: string, line: string) => {
    const list = dirs.get(dir);
    if (list) list.push(line);
    else dirs.set(dir, [line]);
  };
  for (const [file, digest] of [...digests].sort((a, b) => cmp(a[0], b[0]))) {
    const parts = file.split("/");
    if ((parts[0] === "packs" || parts[0] === "tenants") && parts.length >= 3) add(`${parts[0]}/${parts[1]}`, `${file}\t${digest}`);
    else own.push(`${file}\t${digest}`);
  }
  for (const p of ws.tree.problems) {
    const parts = p.file.split("/");
    const line = `problem\t${p.code}\t${p.file}\t${p.message}`;
    if ((parts[0] === "packs" || parts[0] === "tenants") && parts.length >= 3) add(`${parts[0]}/${parts[1]}`, line);
    else own.push(line);
  }
  // Every pack directory with a file or a problem; the hint candidates (packIds) are an input of every entry.
  const allPacks = [...dirs.keys()].filter((d) => d.startsWith("packs/")).map((d) => d.slice("packs/".length)).sort(cmp);
  const repo = hash(["repo", FORMAT, ...own.sort(cmp), "ids", ...[...packIds(ws)].sort(cmp)]);
  const dirDigests = new Map<string, string>();
  const dirDigest = (dir: string) => {
    let d = dirDigests.get(dir);
    if (d === undefined) dirDigests.set(dir, (d = hash([dir, ...(dirs.get(dir) ?? [])])));
    return d;
  };
  const closureDigest = (ids: readonly string[]) => [...dependencyClosure(ids, model)].sort(cmp).map((id) => `${id}=${dirDigest(`packs/${id}`)}`);
  const uses = new Map(model.tenants.map((t) => [t.id, t.uses] as const));
  const tenantIds = [...new Set([...dirs.keys()].filter((d) => d.startsWith("tenants/")).map((d) => d.slice("tenants/".length)))].sort(cmp);

  const packKeys = new Map(allPacks.map((id) => [id, hash(["pack", repo, id, ...closureDigest([id])])] as const));
  const tenantKeys = new Map(tenantIds.map((id) => [id, hash(["tenant", repo, id, dirDigest(`tenants/${id}`), ...closureDigest(uses.get(id) ?? [])])] as const));
  const packEntries = new Map<string, PackEntry>();
  const tenantEntries = new Map<string, TenantEntry>();
  for (const [id, key] of packKeys) {
    const hit = cache.get<PackEntry>(key);
    if (hit) packEntries.set(id, hit);
  }
  for (const [id, key] of tenantKeys) {
    const hit = cache.get<TenantEntry>(key);
    if (hit) tenantEntries.set(id, hit);
  }

  // One scoped run for what the cache lacks; it also checks the repository's own files.
  const missingPacks = allPacks.filter((id) => !packEntries.has(id));
  const missingTenants = tenantIds.filter((id) => !tenantEntries.has(id) || keep.has(id));
  const scope: Scope = {
    tenants: new Set(missingTenants),
    reported: new Set(missingPacks),
    loaded: dependencyClosure([...missingPacks, ...missingTenants.flatMap((id) => uses.get(id) ?? [])], model),
  };
  progress?.phase(`checking ${missingPacks.length} pack ids and ${missingTenants.length} tenants the cache does not hold`);
  // A lazy tree (files the read listed by digest) reads at once what the run surely needs; the
  // versions its tenants use are read at once when known (`loadRegistry`).
  prefetch(ws.tree, [...[...digests.keys()].filter((f) => !/^(packs|tenants)\/[^/]+\//.test(f)), ...missingPacks.map((id) => `packs/${id}`), ...missingTenants.map((id) => `tenants/${id}`)]);
  const run = prepareRun(ws, { mode: "check", activeConfig: keep.size > 0, scope, memo: fileMemo(ws, cache, "partial"), loads: packLoadMemo(ws, cache) }, progress);
  const kept: TenantResult[] = [];
  const ownDiagnostics: Diagnostic[] = [];
  const fresh = {
    packs: new Map(missingPacks.map((id) => [id, { diagnostics: [], versions: 0, conformance: [] } as PackEntry])),
    tenants: new Map(missingTenants.map((id) => [id, { diagnostics: [], counted: false, compiles: false } as TenantEntry])),
  };
  for (const d of run.diagnostics) {
    const [top, id] = d.file.split("/");
    const entry = d.file.split("/").length < 3 ? undefined : top === "packs" ? fresh.packs.get(id!) : top === "tenants" ? fresh.tenants.get(id!) : undefined;
    (entry?.diagnostics ?? ownDiagnostics).push(d);
  }
  for (const p of run.packs) {
    const entry = fresh.packs.get(p.id);
    if (entry) entry.versions++;
  }
  for (const [id, entry] of fresh.packs) entry.conformance = conformanceReports(run.packs.filter((p) => p.id === id));
  streamTenants(run, (t) => {
    const entry = fresh.tenants.get(t.tenant.id)!;
    entry.counted = true;
    entry.compiles = t.composed === true && !hasErrors(t.diagnostics);
    entry.diagnostics.push(...t.diagnostics);
    if (keep.has(t.tenant.id)) kept.push(t);
  }, progress);
  for (const [id, entry] of fresh.packs) {
    cache.put(packKeys.get(id)!, entry);
    packEntries.set(id, entry);
  }
  for (const [id, entry] of fresh.tenants) {
    cache.put(tenantKeys.get(id)!, entry);
    tenantEntries.set(id, entry);
  }

  const packs = [...packEntries.values()];
  const tenants = [...tenantEntries.values()];
  return {
    diagnostics: finishDiagnostics([...ownDiagnostics, ...packs.flatMap((e) => e.diagnostics), ...tenants.flatMap((e) => e.diagnostics)]),
    packs: packs.reduce((n, e) => n + e.versions, 0),
    tenants: tenants.filter((e) => e.counted).length,
    conformance: sortConformance(packs.flatMap((e) => e.conformance)),
    reused: { packs: allPacks.length - missingPacks.length, packsOf: allPacks.length, tenants: tenantIds.length - missingTenants.length, tenantsOf: tenantIds.length },
    compiles: new Map([...tenantEntries].filter(([, e]) => e.counted).map(([id, e]) => [id, e.compiles])),
    parts: { packs: new Map([...packEntries].map(([id, e]) => [id, e.diagnostics])), tenants: new Map([...tenantEntries].map(([id, e]) => [id, e.diagnostics])) },
    model,
    kept: { tenants: kept, packs: run.packs },
  };
}
