import { hasErrors, makeDiagnostic, type Diagnostic } from "../diagnostics/types.js";
import type { TenantSteps } from "../dialects/api.js";
import type { Registry } from "../dialects/types.js";
import type { RepoInputs } from "../load/repo.js";
import type { Workspace } from "../load/workspace.js";
import type { PackVersion } from "../model/pack.js";
import type { MergedPolicy } from "../model/policy.js";
import type { Lockfile, Tenant } from "../model/tenant.js";
import type { Lifecycle } from "../registry/lifecycle.js";
import { buildActiveConfig } from "../compose/active-config.js";
import { composeConfig, validateMerged, type Origin } from "../compose/config.js";
import { mergePolicies } from "../compose/policy.js";
import { checkRouting } from "../compose/routing.js";
import { buildLockfile, compareLockfile, editedReleases } from "../resolve/lockfile.js";
import { preferredVersions } from "../resolve/used.js";
import { resolve, type PickTrace } from "../resolve/resolver.js";
import { decisionMatrix, runTenantSimulations } from "../simulate/run.js";

/** How a tenant is resolved: frozen against its lockfile (check), or re-locked. */
export interface TenantOptions {
  mode: "check" | "lock";
  /** With `lock`: true upgrades every pack, a pack id upgrades that one; otherwise locked versions are kept. */
  upgrade?: boolean | string;
  /** With `lock`: re-pin a locked version whose content changed (it never left this branch). Default: refuse (PK308). */
  allowEditedRelease?: boolean;
  /**
   * With `check`: false skips building the active config (and its decision matrix), which only
   * output needs: `check` reports diagnostics, and none comes from that step. Default true.
   */
  activeConfig?: boolean;
  /** Record how the tenant was resolved and composed (`TenantResult.trace`), for `packc explain`. */
  trace?: boolean;
}

/** How a tenant was resolved and composed, kept only when asked for (`TenantOptions.trace`). */
export interface TenantTrace {
  /** Each pick of the resolver, by pack id (`resolve/resolver.ts`). */
  picks: Map<string, PickTrace>;
  /** The packs composed, in the order their overlays and fragments apply (empty when composition did not run). */
  packs: readonly PackVersion[];
  /** The merged policy the kernel would hold (null when composition did not run). */
  policy: MergedPolicy | null;
  /** The base config the overlays apply to, and its file (`packc.yaml` `base.config`; null: none). */
  base: { config: Record<string, unknown>; file: string | null };
}

/** One tenant's results: its lockfile as resolved now, its active config, its diagnostics. */
export interface TenantResult {
  tenant: Tenant;
  lockfile: Lockfile | null;
  activeConfig: Record<string, unknown> | null;
  /**
   * The active config as composed even when its merged-document checks or simulations failed
   * (for `packc diff`, which shows what a broken head would do); never emitted.
   */
  candidate: Record<string, unknown> | null;
  /** Which pack overlay set each value of the merged config (empty until composed); built on first call. */
  configOrigins: () => Map<string, Origin>;
  diagnostics: Diagnostic[];
  /**
   * Whether composition ran (resolution, the lockfile and every pack were sound). With no error
   * among `diagnostics` it means the tenant compiles: it has an active config whenever one is
   * built, so a run without active configs can still tell (the cache stores it for `diff`).
   */
  composed?: true;
  /** With `TenantOptions.trace`: how it was resolved and composed. */
  trace?: TenantTrace;
}

const RESOLVE_CODES = { "not-found": "PK305", "no-version": "PK301", core: "PK302", conflict: "PK303", cycle: "PK304" } as const;

/** Everything a tenant is compiled against, loaded once per run. */
export interface TenantContext {
  inputs: RepoInputs;
  /** Resolvable (SemVer) pack versions. */
  registry: Registry;
  /** The dialects' per-tenant steps (activation, active-config sections, base policy lint). */
  steps: TenantSteps;
  lifecycle: Lifecycle;
  ws: Workspace;
}

/**
 * Resolves, locks, composes and simulates one tenant, and applies its domain activation. The
 * lockfile pins the resolved packs plus the activated domain pack and tenant pack. Composition
 * runs only when resolution and activation succeeded, the lockfile is current (in check mode)
 * and every pack version involved is valid, so no artefact is built from broken input.
 */
export function compileTenant(tenant: Tenant, ctx: TenantContext, options: TenantOptions): TenantResult {
  const out: TenantResult = { tenant, lockfile: null, activeConfig: null, candidate: null, configOrigins: () => new Map(), diagnostics: [] };
  const core = tenant.core;
  if (core === null && tenant.requests.length) {
    out.diagnostics.push(makeDiagnostic("PK117", tenant.doc.locate("/packs", "key"), `tenant "${tenant.id}" requests packs but no core version is known`, "set core: in tenant.yaml or core.version in packc.yaml"));
    return out;
  }
  const activation = ctx.steps.activate(tenant);
  out.diagnostics.push(...activation.diagnostics);
  if (hasErrors(activation.diagnostics)) return out;
  if (options.trace) out.trace = { picks: new Map(), packs: [], policy: null, base: { config: ctx.inputs.baseConfig, file: ctx.inputs.baseConfigFile } };
  const resolution = core === null ? { ok: true as const, packs: [] } : resolve({ core, requests: tenant.requests, registry: ctx.registry, prefer: preferredVersions(tenant, options), ...(out.trace ? { trace: out.trace.picks } : {}) });
  if (!resolution.ok) {
    const e = resolution.error;
    const req = tenant.requests.find((r) => r.id === e.id);
    const at = tenant.doc.locate(req?.pointer ?? "/packs", req ? "value" : "key");
    out.diagnostics.push(makeDiagnostic(RESOLVE_CODES[e.kind], at, `tenant "${tenant.id}": ${e.message}${e.requiredBy === "request" ? "" : ` (required by ${e.requiredBy})`}`, resolveHint(e.kind, ctx.steps.activates(e.id))));
    return out;
  }
  const platforms = resolution.packs.filter((p) => p.dialect === "platform");
  if (platforms.length > 1) {
    out.diagnostics.push(makeDiagnostic("PK643", tenant.doc.locate("/packs", "key"), `tenant "${tenant.id}" resolves to several platform packs: ${platforms.map((p) => `${p.id}@${p.version}`).join(", ")}`, "request one platform pack"));
    return out;
  }
  const act = activation.activated;
  const packs = act ? [...resolution.packs, act.pack] : resolution.packs;
  const partial = packs.find((p) => p.partial);
  if (partial) throw new Error(`internal: ${tenant.id} resolved ${partial.dir}, which the run loaded from its manifest alone`);
  out.lockfile = buildLockfile(tenant, core, packs, act ? { domain: act.pack.id, pack: act.tenantPack } : undefined);
  if (options.mode === "lock" && !options.allowEditedRelease) out.diagnostics.push(...editedReleases(tenant, out.lockfile));
  if (options.mode === "check") {
    out.diagnostics.push(...compareLockfile(tenant, out.lockfile));
    out.diagnostics.push(...deprecatedPins(tenant, out.lockfile, ctx.lifecycle));
  }
  if (options.mode === "lock" || hasErrors(out.diagnostics) || packs.some((p) => !p.valid) || (act && !act.tenantPack.valid)) return out;
  compose(out, packs, core, ctx, options.activeConfig === false ? null : ctx.steps.sections(packs, act));
  return out;
}

/** PK314 for every SemVer pack version the lockfile pins that its lifecycle deprecates. */
function deprecatedPins(tenant: Tenant, lock: Lockfile, lifecycle: Lifecycle): Diagnostic[] {
  return lock.packs.flatMap((p, i) => {
    const dep = p.dialect === "domain" ? undefined : lifecycle.deprecation(`packs/${p.id}`, p.version);
    if (!dep) return [];
    const at = tenant.lock ? tenant.lock.locate(`/packs/${i}/version`) : tenant.doc.locate(`/packs`, "key");
    return [makeDiagnostic("PK314", at, `${p.id}@${p.version} is deprecated (${dep.file}:${dep.line})${dep.reason ? `: ${dep.reason}` : ""}`, `request a supported version, then run: packc lock --tenant ${tenant.id} --upgrade ${p.id}`)];
  });
}

function compose(out: TenantResult, packs: PackVersion[], core: string | null, ctx: TenantContext, sections: Record<string, Record<string, unknown>> | null): void {
  const { inputs, ws } = ctx;
  out.composed = true;
  const composed = composeConfig(inputs.baseConfig, packs);
  out.configOrigins = () => composed.origins;
  out.diagnostics.push(...validateMerged(composed, ws, inputs.baseConfigFile));
  out.diagnostics.push(...checkRouting(composed, packs, ws));
  const fragments = packs.flatMap((p) => p.policyFragments.map((f) => ({ key: f.key, policy: f.policy })));
  const policy = mergePolicies(inputs.basePolicy, fragments);
  if (out.trace) out.trace = { ...out.trace, packs, policy };
  if (inputs.basePolicyDoc && fragments.some((f) => (f.policy.rules ?? []).length)) {
    out.diagnostics.push(...ctx.steps.mergedPolicyLint(inputs.basePolicyDoc));
  }
  const sims = runTenantSimulations(out.tenant.id, packs, policy, inputs.basePolicy, ws);
  out.diagnostics.push(...sims.diagnostics);
  if (!sections) return;
  out.candidate = buildActiveConfig({ tenant: out.tenant, core, packs, config: composed.config, policy, decisions: decisionMatrix(out.tenant.id, packs, policy), simulations: sims.results, domain: sections.domain ?? {}, platform: sections.platform ?? {} });
  if (!hasErrors(out.diagnostics)) out.activeConfig = out.candidate;
}

function resolveHint(kind: keyof typeof RESOLVE_CODES, isDomain: boolean): string {
  switch (kind) {
    case "not-found":
      return isDomain ? "this is a domain pack: activate it under domain: {name, version, tenantPack} instead of packs:" : "check the pack id, or add the pack under packs/";
    case "no-version":
      return "widen the range or release a matching version";
    case "core":
      return "raise the tenant's core version or pick a range with a compatible version";
    case "conflict":
      return "the resolver is greedy and does not backtrack: make the ranges compatible, or request the dependency with a range both accept";
    case "cycle":
      return "remove one of the dependencies in the cycle";
  }
}
