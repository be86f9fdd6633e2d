import { dedupeDiagnostics, hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/types.js";
import type { TenantPackVersion } from "../model/domain.js";
import type { Tenant } from "../model/tenant.js";
import { loadLifecycle, type Lifecycle } from "../registry/lifecycle.js";
import { loadRegistry, tenantSteps, type FileMemo, type PackLoadMemo } from "../dialects/api.js";
import { loadInputs } from "../load/repo.js";
import type { Workspace } from "../load/workspace.js";
import type { PackVersion } from "../model/pack.js";
import { runPackSimulations } from "../simulate/run.js";
import type { ProgressSink } from "../util/progress-sink.js";
import { compileTenant, type TenantContext, type TenantOptions, type TenantResult } from "./tenant.js";
import { fullFromStart, inScope, type Scope } from "../impact/scope.js";
import { usedVersions } from "../resolve/used.js";

/** Options of a whole-repository run. */
export interface CompileOptions extends TenantOptions {
  /** Only this tenant (others are not resolved). */
  tenant?: string;
  /**
   * A scoped run (`impact/scope.ts`): only these tenants are compiled, only the pack ids they
   * and the reported packs need are loaded, and of what is found before any tenant only the
   * diagnostics of the reported packs, the scoped tenants and the repository itself are kept.
   */
  scope?: Scope;
  /** With `scope`: may answer manifest-only loads from a cache (`cache/file-memo.ts`). */
  memo?: FileMemo;
  /** With `scope`: may answer full loads of pack versions from a cache (`cache/pack-loads.ts`). */
  loads?: PackLoadMemo;
}


/** Everything a run found: sorted, de-duplicated diagnostics, every pack version, every tenant. */
export interface CompileResult {
  diagnostics: Diagnostic[];
  packs: PackVersion[];
  /** Every tenant pack version, by tenant id then version (newest first). */
  tenantPacks: TenantPackVersion[];
  tenants: TenantResult[];
  lifecycle: Lifecycle;
}

/**
 * A run prepared up to its tenants: every pack version, lifecycle file and tenant pack loaded and
 * validated once, each pack's simulations run once (check mode), and the tenants still to
 * compile. Tenants are compiled one at a time by {@link streamTenants}, so a caller that writes
 * or drops each result as it comes holds one tenant's results at a time, not all of them.
 */
export interface PreparedRun {
  /** The diagnostics found before any tenant (settings, packs, lifecycle, tenant packs, pack simulations). */
  diagnostics: Diagnostic[];
  /** The pack versions loaded in full (validated), in directory order. */
  packs: PackVersion[];
  /** How many pack versions a scoped run loaded from their manifest alone, for resolution (0 in a full run). */
  manifestOnly: number;
  tenantPacks: TenantPackVersion[];
  lifecycle: Lifecycle;
  /** The tenants to compile, in repository order (only `--tenant`'s when given). */
  tenants: Tenant[];
  /** Every tenant of the repository (the registry listing counts who pins what); a scoped run's own only. */
  allTenants: readonly Tenant[];
  /** Compiles one tenant (pure). */
  compile(tenant: Tenant): TenantResult;
}

/**
 * Loads settings, base documents and tenants; loads and validates every pack version, lifecycle
 * file and tenant pack once; runs each pack's simulations once (check mode). With
 * `options.scope`, only the scope's pack ids are loaded and its tenants compiled (see
 * {@link CompileOptions.scope}). Pure over the workspace: reads and writes nothing. `progress`
 * hears the pack phases.
 */
export function prepareRun(ws: Workspace, options: CompileOptions, progress?: ProgressSink): PreparedRun {
  const inputs = loadInputs(ws, options.scope?.tenants);
  const base = { config: inputs.baseConfig, policy: inputs.basePolicy, palm: inputs.palmRuntime };
  const { scope } = options;
  const tenants = inputs.tenants.filter((t) => (options.tenant === undefined || t.id === options.tenant) && (!scope || scope.tenants.has(t.id)));
  const reg = loadRegistry(ws, base, progress, scope && {
    ids: scope.loaded,
    full: (dir) => fullFromStart(scope, dir) || scope.full?.has(dir) === true,
    need: (registry) => {
      const used = usedVersions(tenants, registry, options);
      const unread = [...used].find((dir) => scope.full && !scope.full.has(dir) && !fullFromStart(scope, dir) && scope.loaded.has(dir.split("/")[1]!));
      if (unread) throw new Error(`internal: the scoped read did not read ${unread}, which a scoped tenant uses`);
      return used;
    },
    ...(options.memo ? { memo: options.memo } : {}),
    ...(options.loads ? { loads: options.loads } : {}),
  });
  const packs = reg.packs.filter((p) => !p.partial);
  const used = new Set(packs.map((p) => p.dir));
  const life = loadLifecycle(ws);
  const steps = tenantSteps({ ws, tenants: inputs.tenants, packs, lifecycle: life.lifecycle });
  const found = [...inputs.diagnostics, ...reg.diagnostics, ...life.diagnostics, ...steps.diagnostics];
  const diagnostics = scope ? found.filter((d) => inScope(scope, d, used)) : found;
  if (options.mode === "check") {
    const valid = packs.filter((p) => p.valid && (!scope || scope.reported.has(p.id) || scope.share !== undefined));
    progress?.phase("simulating pack policies", valid.length);
    valid.forEach((pack, i) => {
      diagnostics.push(...runPackSimulations(pack, inputs.basePolicy, ws));
      progress?.tick(i + 1);
    });
  }
  const ctx: TenantContext = { inputs, registry: reg.registry, steps, lifecycle: life.lifecycle, ws };
  return {
    diagnostics,
    packs,
    manifestOnly: reg.packs.length - packs.length,
    tenantPacks: steps.tenantPacks,
    lifecycle: life.lifecycle,
    tenants,
    allTenants: inputs.tenants,
    compile: (t) => compileTenant(t, ctx, options),
  };
}

/**
 * Compiles the run's tenants `from` index on, one at a time, handing each result to `each` and
 * keeping nothing itself; returns the index after the last tenant compiled. `each` may return
 * false to stop early (the caller resumes with the returned index). `progress` hears
 * "compiling tenants" with the count done.
 */
export function streamTenants(run: PreparedRun, each: (r: TenantResult) => boolean | void, progress?: ProgressSink, from = 0): number {
  if (from === 0) progress?.phase("compiling tenants", run.tenants.length);
  let i = from;
  while (i < run.tenants.length) {
    const r = run.compile(run.tenants[i]!);
    i++;
    progress?.tick(i);
    if (each(r) === false) break;
  }
  return i;
}

/** Where {@link writableTenants} stands: whether a tenant failed, the next tenant's index, every diagnostic seen so far. */
export interface WritableState {
  failed: boolean;
  next: number;
  seen: Diagnostic[];
}

/**
 * The tenants of `run` compiled one at a time for writing, as `compile` writes them: each one's
 * diagnostics go to `state.seen`; a tenant with an error or without an active config, or an
 * error already in `state.seen`, ends it with `state.failed` set (a caller then writes nothing,
 * and may compile the rest from `state.next` for their diagnostics).
 */
export function* writableTenants(run: PreparedRun, state: WritableState, progress?: ProgressSink): Generator<TenantResult> {
  if (hasErrors(state.seen)) state.failed = true;
  while (!state.failed && state.next < run.tenants.length) {
    let got: TenantResult | undefined;
    state.next = streamTenants(run, (t) => { got = t; return false; }, progress, state.next);
    state.seen.push(...got!.diagnostics);
    if (hasErrors(got!.diagnostics) || !got!.activeConfig) state.failed = true;
    else yield got!;
  }
}

/** Sorts and de-duplicates a run's diagnostics, as every report shows them. */
export function finishDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return sortDiagnostics(dedupeDiagnostics(diagnostics));
}

/**
 * The whole pipeline on an in-memory workspace, keeping every tenant's results ({@link
 * prepareRun}, then every tenant). For callers that need all results at once (diff, tests);
 * the CLI's check, compile and lock stream instead. Pure.
 */
export function compileWorkspace(ws: Workspace, options: CompileOptions): CompileResult {
  const run = prepareRun(ws, options);
  const tenants: TenantResult[] = [];
  const diagnostics = [...run.diagnostics];
  streamTenants(run, (t) => {
    tenants.push(t);
    diagnostics.push(...t.diagnostics);
  });
  return { diagnostics: finishDiagnostics(diagnostics), packs: run.packs, tenantPacks: run.tenantPacks, tenants, lifecycle: run.lifecycle };
}
