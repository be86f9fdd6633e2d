import { hasErrors, makeDiagnostic, type Diagnostic } from "../diagnostics/types.js";
import type { Registry } from "../dialects/types.js";
import type { RepoInputs } from "../load/repo.js";
import type { Workspace } from "../load/workspace.js";
import type { PackVersion } from "../model/pack.js";
import type { Lockfile, Tenant } from "../model/tenant.js";
import { buildActiveConfig } from "../compose/active-config.js";
import { composeConfig, validateMerged } from "../compose/config.js";
import { mergePolicies } from "../compose/policy.js";
import { checkRouting } from "../compose/routing.js";
import { lintPolicy } from "../dialects/cordum/policy-lint.js";
import { buildLockfile, compareLockfile, lockedVersions } from "../resolve/lockfile.js";
import { resolve } from "../resolve/resolver.js";
import { decisionMatrix, runTenantSimulations } from "../simulate/run.js";

/** How a tenant is resolved: frozen against its lockfile (check), or re-locked. */
export interface TenantOptions {
  mode: "check" | "lock";
  /** With `lock`: true upgrades every pack, a pack id upgrades that one; otherwise locked versions are kept. */
  upgrade?: boolean | string;
}

/** One tenant's results: its lockfile as resolved now, its active config, its diagnostics. */
export interface TenantResult {
  tenant: Tenant;
  lockfile: Lockfile | null;
  activeConfig: Record<string, unknown> | null;
  diagnostics: Diagnostic[];
}

const RESOLVE_CODES = { "not-found": "PK305", "no-version": "PK301", core: "PK302", conflict: "PK303", cycle: "PK304" } as const;

/**
 * Resolves, locks, composes and simulates one tenant. Composition runs only when resolution
 * succeeded, the lockfile is current (in check mode) and every resolved pack version is valid,
 * so no artefact is built from broken input.
 */
export function compileTenant(tenant: Tenant, inputs: RepoInputs, registry: Registry, ws: Workspace, options: TenantOptions): TenantResult {
  const out: TenantResult = { tenant, lockfile: null, activeConfig: null, diagnostics: [] };
  const core = tenant.core;
  if (core === null) {
    if (tenant.requests.length) out.diagnostics.push(makeDiagnostic("PK117", tenant.doc.locate("/packs", "key"), `tenant "${tenant.id}" requests packs but no core version is known`, "set core: in tenant.yaml or core.version in packc.yaml"));
    return out;
  }
  const prefer = preferred(tenant, options);
  const resolution = resolve({ core, requests: tenant.requests, registry, prefer });
  if (!resolution.ok) {
    const e = resolution.error;
    const req = tenant.requests.find((r) => r.id === e.id);
    const at = tenant.doc.locate(req?.pointer ?? "/packs", req ? "value" : "key");
    out.diagnostics.push(makeDiagnostic(RESOLVE_CODES[e.kind], at, `tenant "${tenant.id}": ${e.message}${e.requiredBy === "request" ? "" : ` (required by ${e.requiredBy})`}`, resolveHint(e.kind)));
    return out;
  }
  out.lockfile = buildLockfile(tenant, core, resolution.packs);
  if (options.mode === "check") out.diagnostics.push(...compareLockfile(tenant, out.lockfile));
  if (options.mode === "lock" || hasErrors(out.diagnostics) || resolution.packs.some((p) => !p.valid)) return out;
  compose(out, resolution.packs, core, inputs, ws);
  return out;
}

function compose(out: TenantResult, packs: PackVersion[], core: string, inputs: RepoInputs, ws: Workspace): void {
  const composed = composeConfig(inputs.baseConfig, packs);
  out.diagnostics.push(...validateMerged(composed, ws, inputs.baseConfigFile));
  out.diagnostics.push(...checkRouting(composed, packs, ws));
  const fragments = packs.flatMap((p) => p.policyFragments.map((f) => ({ key: f.key, policy: f.policy })));
  const policy = mergePolicies(inputs.basePolicy, fragments);
  if (inputs.basePolicyDoc && fragments.some((f) => (f.policy.rules ?? []).length)) {
    out.diagnostics.push(...lintPolicy(inputs.basePolicyDoc, true).diagnostics.filter((d) => d.code === "PK503"));
  }
  const sims = runTenantSimulations(out.tenant.id, packs, policy, inputs.basePolicy, ws);
  out.diagnostics.push(...sims.diagnostics);
  if (hasErrors(out.diagnostics)) return;
  out.activeConfig = buildActiveConfig({ tenant: out.tenant, core, packs, config: composed.config, policy, decisions: decisionMatrix(out.tenant.id, packs, policy), simulations: sims.results });
}

function preferred(tenant: Tenant, options: TenantOptions): Map<string, string> {
  if (options.mode === "lock" && options.upgrade === true) return new Map();
  const locked = lockedVersions(tenant);
  if (options.mode === "lock" && typeof options.upgrade === "string") locked.delete(options.upgrade);
  return locked;
}

function resolveHint(kind: keyof typeof RESOLVE_CODES): string {
  switch (kind) {
    case "not-found":
      return "check the pack id, or add the pack under packs/";
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
