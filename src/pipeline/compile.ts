import { dedupeDiagnostics, sortDiagnostics, type Diagnostic } from "../diagnostics/types.js";
import { loadRegistry } from "../dialects/api.js";
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
  tenants: TenantResult[];
}

/**
 * The pipeline on an in-memory workspace: load settings, base documents and tenants; load and
 * validate every pack version once; run each pack's simulations once; then resolve, check the
 * lockfile, compose and simulate per tenant. Pure over the workspace: reads and writes nothing.
 */
export function compileWorkspace(ws: Workspace, options: CompileOptions): CompileResult {
  const inputs = loadInputs(ws);
  const base = { config: inputs.baseConfig, policy: inputs.basePolicy };
  const reg = loadRegistry(ws, base);
  const diagnostics = [...inputs.diagnostics, ...reg.diagnostics];
  if (options.mode === "check") {
    for (const pack of reg.packs) if (pack.valid) diagnostics.push(...runPackSimulations(pack, inputs.basePolicy, ws));
  }
  const tenants = inputs.tenants
    .filter((t) => options.tenant === undefined || t.id === options.tenant)
    .map((t) => compileTenant(t, inputs, reg.registry, ws, options));
  for (const t of tenants) diagnostics.push(...t.diagnostics);
  return { diagnostics: sortDiagnostics(dedupeDiagnostics(diagnostics)), packs: reg.packs, tenants };
}
