import semver from "semver";
import { cmp, hasErrors, makeDiagnostic, type Diagnostic } from "../diagnostics/types.js";
import type { Workspace } from "../load/workspace.js";
import type { PackVersion } from "../model/pack.js";
import { cordum } from "./cordum/index.js";
import { emptyPack } from "./types.js";
import { domain } from "./domain/index.js";
import { isRecord } from "./pack-files.js";
import { platform } from "./platform/index.js";
import { portarium } from "./portarium/index.js";
import type { BaseDocuments, Dialect, PackDir, Registry, TenantActivation, TenantRunInputs } from "./types.js";
import type { SourceDoc } from "../load/source-doc.js";
import type { TenantPackVersion } from "../model/domain.js";
import type { Tenant } from "../model/tenant.js";
import type { ProgressSink } from "../util/progress-sink.js";
import { isLifecycleFile, LIFECYCLE_FILE } from "../registry/lifecycle.js";
import { prefetch } from "../repo/lazy-files.js";

/** Every dialect packc knows, sorted by id. The one place manifests are dispatched on. */
export const DIALECTS: readonly Dialect[] = [cordum, domain, platform, portarium];

/** The loaded registry: every pack version, and the diagnostics of loading them. */
export interface LoadedRegistry {
  packs: PackVersion[];
  registry: Registry;
  diagnostics: Diagnostic[];
}

/**
 * What a scoped run loads of the registry (`pipeline/compile.ts`): some pack ids, and of those
 * only some versions in full; the others from their manifest alone (`PackVersion.partial`),
 * which is all resolution reads.
 */
export interface RegistryScope {
  /** The pack ids to load; other pack directories are ignored. */
  ids: ReadonlySet<string>;
  /** Whether the version directory `packs/<id>/<version>` is loaded in full from the start. */
  full(dir: string): boolean;
  /**
   * Given the registry as first loaded (partial versions in it), the further version
   * directories to load in full: those the scoped tenants resolve to or pin.
   */
  need?(registry: Registry): Iterable<string>;
  /** May answer a manifest-only load from a cache keyed by the manifest's path and bytes (`cache/`). */
  memo?: FileMemo;
  /** May answer a full load from a cache keyed by the directory's files and the base documents (`cache/pack-loads.ts`). */
  loads?: PackLoadMemo;
}

/** A pack version directory loaded in full: the pack (null when none could be named) and the diagnostics of loading it. */
export interface LoadedDir {
  pack: PackVersion | null;
  diagnostics: Diagnostic[];
}

/**
 * What loads a pack version directory in full, by `compute` or, when the caller keeps a cache
 * keyed by every file of the directory and the base documents, from it. The result must be JSON.
 */
export interface PackLoadMemo {
  load(dir: PackDir, base: BaseDocuments, compute: () => LoadedDir): LoadedDir;
  /** Whether `load` will answer from the cache, so the directory's files need not be read. */
  holds(dir: PackDir, base: BaseDocuments): boolean;
}

/**
 * Finds `packs/<id>/<version>/` directories (PK252 for anything else directly under packs/),
 * detects each one's dialect by its manifest (PK250 none, PK251 several), loads it once, marks
 * it invalid when its own diagnostics hold an error, and runs the dialects' registry rules. The
 * registry holds the versions whose manifest identity equals their directory, newest first.
 * `progress` hears how many pack directories are done. `scope`, when given, limits the loading
 * to its pack ids, and loads in full only the versions it names or needs: the others come from
 * their manifest alone (a dialect whose packs tenants activate is always loaded in full), their
 * diagnostics are dropped and the registry rules skip them. `packs` holds every version loaded,
 * partial ones included (in directory order); the registry is built from all of them.
 */
export function loadRegistry(ws: Workspace, base: BaseDocuments, progress?: ProgressSink, scope?: RegistryScope): LoadedRegistry {
  const diagnostics: Diagnostic[] = [];
  const packs: (PackVersion | null)[] = [];
  const all = packDirs(ws, diagnostics);
  const dirs = scope === undefined ? all : all.filter((d) => scope.ids.has(d.id));
  const full = (d: PackDir) => !scope || scope.full(d.dir);
  progress?.phase("validating pack versions", dirs.filter(full).length);
  // A lazy tree (`repo/lazy-files.ts`) reads at once what is loaded in full, not directory by
  // directory, except what the cache holds the load of.
  const unread = (d: PackDir) => !scope?.loads?.holds(d, base);
  if (scope) prefetch(ws.tree, dirs.filter((d) => full(d) && unread(d)).map((d) => d.dir));
  let done = 0;
  for (const dir of dirs) {
    if (full(dir)) progress?.tick(done++);
    packs.push(loadDir(ws, dir, base, !full(dir), diagnostics, scope));
  }
  let registry = buildRegistry(packs.filter((p) => p !== null));
  const needed = new Set(scope?.need?.(registry) ?? []);
  if (needed.size) {
    prefetch(ws.tree, dirs.filter((d) => needed.has(d.dir) && unread(d)).map((d) => d.dir));
    dirs.forEach((dir, i) => {
      if (packs[i]?.partial && needed.has(dir.dir)) packs[i] = loadDir(ws, dir, base, false, diagnostics, scope);
    });
    registry = buildRegistry(packs.filter((p) => p !== null));
  }
  const loaded = packs.filter((p) => p !== null);
  for (const pack of loaded) {
    if (pack.partial) continue;
    const d = DIALECTS.find((x) => x.id === pack.dialect)?.checkRegistry?.(pack, registry, ws) ?? [];
    if (hasErrors(d)) pack.valid = false;
    diagnostics.push(...d);
  }
  return { packs: loaded, registry, diagnostics };
}

/** Manifest-only loads, per workspace and directory: a scoped read and its run load them alike. */
const partials = new WeakMap<Workspace, Map<string, PackVersion | null>>();

/**
 * Loads one pack version directory (PK250, PK251 when its manifests do not name one dialect),
 * in full (by `caches.loads` across runs when given) or, with `manifestOnly`, from its manifest
 * alone (diagnostics dropped, memoized per workspace, and by `caches.memo` across runs: a cache
 * keyed by the manifest's bytes). Null when no pack could be named.
 */
function loadDir(ws: Workspace, dir: PackDir, base: BaseDocuments, manifestOnly: boolean, diagnostics: Diagnostic[], caches?: Pick<RegistryScope, "memo" | "loads">): PackVersion | null {
  const memo = caches?.memo;
  const found = DIALECTS.flatMap((d) => d.manifests.filter((m) => dir.files.includes(m)).map((m) => ({ dialect: d, manifest: m })));
  const at = { file: dir.dir, line: 1, column: 1, pointer: "" };
  if (found.length === 0) {
    if (!manifestOnly) diagnostics.push(makeDiagnostic("PK250", at, `${dir.dir} has no pack manifest`, `add one of: ${DIALECTS.flatMap((d) => d.manifests).join(", ")}`));
    return null;
  }
  if (new Set(found.map((f) => f.dialect.id)).size > 1) {
    if (!manifestOnly) diagnostics.push(makeDiagnostic("PK251", at, `${dir.dir} has manifests of several dialects: ${found.map((f) => f.manifest).join(", ")}`, "keep one manifest per pack version"));
    return null;
  }
  const { dialect, manifest } = found[0]!;
  const file = `${dir.dir}/${manifest}`;
  if (!manifestOnly || dialect.tenantSteps) {
    const compute = (): LoadedDir => {
      const own: Diagnostic[] = [];
      return { pack: loadOne(ws, dir, dialect, file, base, false, own), diagnostics: own };
    };
    const loaded = caches?.loads ? caches.loads.load(dir, base, compute) : compute();
    diagnostics.push(...loaded.diagnostics);
    const { pack } = loaded;
    // A full load has what a manifest-only load would keep: the cache gets it for later scoped runs.
    if (memo && pack && !dialect.tenantSteps) memo(file, (): PartialFields => partialFields(pack));
    return pack;
  }
  let loaded = partials.get(ws);
  if (!loaded) partials.set(ws, (loaded = new Map()));
  let pack = loaded.get(dir.dir);
  if (pack === undefined) {
    const fields = (memo ?? ((_, compute) => compute()))(file, (): PartialFields | null => {
      const p = loadOne(ws, dir, dialect, file, base, true, []);
      return p && partialFields(p);
    });
    pack = fields && { ...emptyPack(dialect.id, dir, file, ""), ...fields, partial: true };
    loaded.set(dir.dir, pack);
  }
  return pack;
}

/**
 * What a manifest-only load keeps (`PackVersion.partial`): what resolution reads, which a full
 * load of the same manifest gives alike. JSON, so a cache can hold it.
 */
interface PartialFields {
  requiresCore: string | null;
  dependencies: Record<string, string>;
}

const partialFields = (p: PackVersion): PartialFields => ({ requiresCore: p.requiresCore, dependencies: p.dependencies });

/**
 * For impact analysis (`impact/model.ts`): every pack version directory's pack id, the pack
 * ids its manifest depends on, and whether tenants activate it (a dialect with a tenant side,
 * such as domain packs) rather than resolve it, read from the manifests alone (parsed, not validated: a broken
 * manifest depends on nothing). Much cheaper than {@link loadRegistry}. `memo(file, compute)`
 * may answer for a file from a cache keyed by its bytes instead of parsing it (`cache/`).
 * `files`: the manifests, in the order listed (default: {@link manifestFiles}, code-point order).
 */
export function manifestDependencies(ws: Workspace, memo: FileMemo = (_, compute) => compute(), files: Iterable<string> = manifestFiles(ws)): { id: string; dependsOn: string[]; activated: boolean }[] {
  const out: { id: string; dependsOn: string[]; activated: boolean }[] = [];
  for (const file of files) {
    const parts = file.split("/");
    const dialect = DIALECTS.find((d) => d.manifests.includes(parts[3]!));
    if (!dialect) continue;
    // A dialect without dependencies names none: its manifest is not even parsed.
    const ids = dialect.dependencyIds;
    const dependsOn = ids
      ? memo(file, () => {
          const value = ws.parse(file)?.doc.value;
          return isRecord(value) ? ids(value) : [];
        })
      : [];
    out.push({ id: parts[1]!, dependsOn, activated: dialect.tenantSteps !== undefined });
  }
  return out;
}

/** The pack manifests a workspace holds (`packs/<id>/<version>/<manifest>` of any dialect), in code-point order. */
export function manifestFiles(ws: Workspace): string[] {
  const out: string[] = [];
  for (const file of ws.tree.files.keys()) {
    // packs/<id>/<version>/<manifest>: three slashes, the last name a manifest (no split: 40,000 paths a run).
    if (!file.startsWith("packs/")) continue;
    const a = file.indexOf("/", 6);
    const b = a < 0 ? -1 : file.indexOf("/", a + 1);
    if (b < 0 || file.indexOf("/", b + 1) !== -1) continue;
    if (MANIFEST_NAMES.has(file.slice(b + 1))) out.push(file);
  }
  return out.sort(cmp);
}

/** Every dialect's manifest file names. */
const MANIFEST_NAMES = new Set(DIALECTS.flatMap((d) => d.manifests));

/**
 * What impact analysis reads from one file, computed by `compute` or, when the caller keeps a
 * cache keyed by the file's path and bytes, taken from it. The value must be JSON.
 */
export type FileMemo = <T>(file: string, compute: () => T) => T;

function loadOne(ws: Workspace, dir: PackDir, dialect: Dialect, file: string, base: BaseDocuments, manifestOnly: boolean, out: Diagnostic[]): PackVersion | null {
  const parsed = ws.parse(file)!;
  const own: Diagnostic[] = [...parsed.diagnostics];
  let pack: PackVersion | null = null;
  if (parsed.doc.value !== undefined && !isRecord(parsed.doc.value)) {
    own.push(makeDiagnostic("PK113", parsed.doc.locate(""), `${file} must hold a mapping at the top level`));
  } else if (parsed.doc.value !== undefined) {
    pack = dialect.load({ ws, pack: dir, manifest: parsed.doc, base, report: (d) => own.push(d), ...(manifestOnly ? { manifestOnly } : {}) });
  }
  if (pack && hasErrors(own)) pack.valid = false;
  out.push(...own);
  return pack;
}

function packDirs(ws: Workspace, diagnostics: Diagnostic[]): PackDir[] {
  const dirs = new Map<string, PackDir>();
  for (const file of [...ws.tree.files.keys()].sort(cmp)) {
    const parts = file.split("/");
    if (parts[0] !== "packs" || isLifecycleFile(file)) continue;
    if (parts.length < 4) {
      diagnostics.push(makeDiagnostic("PK252", { file, line: 1, column: 1, pointer: "" }, `${file} is not inside a packs/<id>/<version>/ directory`, `move it into a pack version directory (only ${LIFECYCLE_FILE} may sit beside the versions)`));
      continue;
    }
    const dir = parts.slice(0, 3).join("/");
    let entry = dirs.get(dir);
    if (!entry) dirs.set(dir, (entry = { id: parts[1]!, version: parts[2]!, dir, files: [] }));
    entry.files.push(parts.slice(3).join("/"));
  }
  return [...dirs.values()];
}

/**
 * Groups the resolvable pack versions by id, newest first: those whose identity equals their
 * directory and whose version is SemVer. Domain packs are activated by exact version, never
 * resolved, so they are not in it (see `dialects/domain/registry.ts`).
 */
export function buildRegistry(packs: readonly PackVersion[]): Registry {
  const reg = new Map<string, PackVersion[]>();
  for (const p of packs) {
    if (p.dialect === "domain" || p.dir !== `packs/${p.id}/${p.version}` || semver.valid(p.version) !== p.version) continue;
    const list = reg.get(p.id) ?? [];
    list.push(p);
    reg.set(p.id, list);
  }
  for (const list of reg.values()) list.sort((a, b) => semver.rcompare(a.version, b.version));
  return new Map([...reg.entries()].sort(([a], [b]) => cmp(a, b)));
}

/** Every dialect's tenant side for one run, combined: what the pipeline calls per tenant. */
export interface TenantSteps {
  /** Diagnostics of loading the dialects' tenant-side inputs (tenant packs). */
  diagnostics: Diagnostic[];
  /** Every tenant-scoped pack version, by tenant id then newest first. */
  tenantPacks: TenantPackVersion[];
  /** True when some dialect activates pack `id` per tenant instead of resolving it. */
  activates(id: string): boolean;
  /** The tenant's activation (at most one dialect activates packs), with its diagnostics. */
  activate(tenant: Tenant): { activated: TenantActivation | null; diagnostics: Diagnostic[] };
  /** The dialect-owned sections of `active-config.json`, keyed by dialect id (`{}` when a dialect has nothing for these packs). */
  sections(packs: readonly PackVersion[], activated: TenantActivation | null): Record<string, Record<string, unknown>>;
  /** Findings on the base policy once fragments add rules: computed on first use, then shared by every tenant. */
  mergedPolicyLint(basePolicy: SourceDoc): Diagnostic[];
}

/**
 * Prepares every dialect's tenant side once per run (`Dialect.tenantSteps`, `activeSection`,
 * `mergedPolicyLint`). The pipeline reaches dialect-specific per-tenant work only through this.
 */
export function tenantSteps(run: TenantRunInputs): TenantSteps {
  const steps = DIALECTS.flatMap((d) => (d.tenantSteps ? [{ dialect: d.id, steps: d.tenantSteps(run) }] : []));
  const lints = new WeakMap<SourceDoc, Diagnostic[]>();
  return {
    diagnostics: steps.flatMap((s) => s.steps.diagnostics),
    tenantPacks: steps.flatMap((s) => [...s.steps.tenantPacks]),
    activates: (id) => steps.some((s) => s.steps.activates(id)),
    activate(tenant) {
      const diagnostics: Diagnostic[] = [];
      let activated: TenantActivation | null = null;
      for (const s of steps) {
        const r = s.steps.activate(tenant);
        diagnostics.push(...r.diagnostics);
        activated ??= r.activated;
      }
      return { activated, diagnostics };
    },
    sections(packs, activated) {
      const out: Record<string, Record<string, unknown>> = {};
      for (const d of DIALECTS) {
        if (d.activeSection) out[d.id] = d.activeSection(packs);
        else if (d.tenantSteps) out[d.id] = activated && activated.pack.dialect === d.id ? activated.section : {};
      }
      return out;
    },
    mergedPolicyLint(doc) {
      let found = lints.get(doc);
      if (!found) {
        found = DIALECTS.flatMap((d) => d.mergedPolicyLint?.(doc) ?? []);
        lints.set(doc, found);
      }
      return found;
    },
  };
}
