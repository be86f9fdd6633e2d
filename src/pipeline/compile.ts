import { dedupeDiagnostics, sortDiagnostics, type Diagnostic } from "../diagnostics/types.js";
import type { TenantPackVersion } from "../model/domain.js";
import { loadLifecycle, type Lifecycle } from "../registry/lifecycle.js";
import { loadRegistry, tenantSteps } from "../dialects/api.js";
import { loadInputs } from "../load/repo.js";
import type { Workspace } from "../load/workspace.js";
import type { PackVersion } from "../model/pack.js";
import { runPackSimulations } from "../simulate/run.js";
import { compileTenant, type TenantOptions, type TenantResult } from "./tenant.js";

/** Options of a whole-repository run. */
export interface CompileOptions extends TenantOptions {
  /** Only this tenant (others are not resolved). */
  tenant?: string;
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
 * The pipeline on an in-memory workspace: load settings, base documents and tenants; load and
 * validate every pack version, lifecycle file and tenant pack once; run each pack's simulations
 * once; then resolve, activate, check the lockfile, compose and simulate per tenant. Pure over the workspace: reads and writes nothing.
 */
export function compileWorkspace(ws: Workspace, options: CompileOptions): CompileResult {
  const inputs = loadInputs(ws);
  const base = { config: inputs.baseConfig, policy: inputs.basePolicy };
  const reg = loadRegistry(ws, base);
  const life = loadLifecycle(ws);
  const steps = tenantSteps({ ws, tenants: inputs.tenants, packs: reg.packs, lifecycle: life.lifecycle });
  const diagnostics = [...inputs.diagnostics, ...reg.diagnostics, ...life.diagnostics, ...steps.diagnostics];
  if (options.mode === "check") {
    for (const pack of reg.packs) if (pack.valid) diagnostics.push(...runPackSimulations(pack, inputs.basePolicy, ws));
  }
  const tenants = inputs.tenants
    .filter((t) => options.tenant === undefined || t.id === options.tenant)
    .map((t) => compileTenant(t, { inputs, registry: reg.registry, steps, lifecycle: life.lifecycle, ws }, options));
  for (const t of tenants) diagnostics.push(...t.diagnostics);
  return { diagnostics: sortDiagnostics(dedupeDiagnostics(diagnostics)), packs: reg.packs, tenantPacks: steps.tenantPacks, tenants, lifecycle: life.lifecycle };
}
