import { cmp } from "../../diagnostics/types.js";
import { effectiveDomain } from "../../compose/domain.js";
import type { DialectTenantSteps, TenantRunInputs } from "../types.js";
import { activateDomain, type DomainInputs } from "./activation.js";
import { domainRegistry } from "./registry.js";
import { loadTenantPacks } from "./tenant-pack.js";
import { compareDomainVersions } from "./version.js";

/**
 * The domain dialect's tenant side (seed 000): loads every tenant pack once, then per tenant
 * checks the `domain:` activation (`activation.ts`) and, when both versions exist, returns the
 * domain pack to pin, the tenant pack for the lockfile and the effective `domain` section
 * (`compose/domain.ts`). Tenant packs are listed by tenant id, newest version first.
 */
export function domainTenantSteps(run: TenantRunInputs): DialectTenantSteps {
  const domains = domainRegistry(run.packs);
  const tps = loadTenantPacks(run.ws, run.tenants, domains, run.lifecycle);
  const inputs: DomainInputs = { domains, tenantPacks: tps.byTenant, lifecycle: run.lifecycle };
  return {
    diagnostics: tps.diagnostics,
    tenantPacks: [...tps.byTenant.values()].flat().sort((a, b) => cmp(a.tenant, b.tenant) || compareDomainVersions(b.version, a.version)),
    activates: (id) => domains.has(id),
    activate(tenant) {
      const { activated, diagnostics } = activateDomain(tenant, inputs);
      if (!activated) return { activated: null, diagnostics };
      return { activated: { pack: activated.domainPack, tenantPack: activated.tenantPack, section: effectiveDomain(activated) }, diagnostics };
    },
  };
}
