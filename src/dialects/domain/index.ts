import type { Dialect } from "../types.js";
import { loadDomainPack } from "./domain-pack.js";
import { domainTenantSteps } from "./tenant-steps.js";

/**
 * Domain packs (seed 000, the exception platform): `domain-pack.json` (or `.yaml`) under
 * `packs/<domainName>/<vMAJOR.MINOR>/`. Tenant packs live with their tenant and are loaded by
 * `tenant-pack.ts`; activation is checked per tenant by `activation.ts` (through `tenantSteps`).
 */
export const domain: Dialect = {
  id: "domain",
  manifests: ["domain-pack.json", "domain-pack.yaml"],
  load: loadDomainPack,
  tenantSteps: domainTenantSteps,
};
