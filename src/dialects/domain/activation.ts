import { makeDiagnostic, type Diagnostic, type Location } from "../../diagnostics/types.js";
import type { TenantPackVersion } from "../../model/domain.js";
import type { PackVersion } from "../../model/pack.js";
import type { Tenant } from "../../model/tenant.js";
import type { Lifecycle } from "../../registry/lifecycle.js";
import { didYouMean } from "./playbooks.js";
import type { DomainRegistry } from "./registry.js";
import { tenantPackDir } from "./tenant-pack.js";

/** What activation looks things up in: domain packs, tenant packs by tenant, lifecycle. */
export interface DomainInputs {
  domains: DomainRegistry;
  tenantPacks: ReadonlyMap<string, readonly TenantPackVersion[]>;
  lifecycle: Lifecycle;
}

/** A tenant's activated pair. */
export interface Activated {
  domainPack: PackVersion;
  tenantPack: TenantPackVersion;
}

/**
 * Checks a tenant's `domain:` activation (seed 000 "Activation Rules"; shared research §4.6):
 * the tenant is ACTIVE (PK313; the real endpoint skips this check), the domain pack version
 * exists (PK310), the tenant pack version exists (PK311), and neither is DEPRECATED (PK312).
 * The domain match of the tenant pack is checked where the tenant pack is loaded (PK271).
 * Returns the pair when both versions exist, even if other rules failed (the caller does not
 * compose a tenant with errors).
 */
export function activateDomain(tenant: Tenant, inputs: DomainInputs): { activated: Activated | null; diagnostics: Diagnostic[] } {
  const out: Diagnostic[] = [];
  const a = tenant.domain;
  if (!a) return { activated: null, diagnostics: out };
  const doc = tenant.doc;
  if (tenant.status !== "ACTIVE") {
    out.push(makeDiagnostic("PK313", doc.locate("/status"), `tenant "${tenant.id}" is ${tenant.status} but activates domain pack ${a.name} ${a.version}`, "set status: ACTIVE, or remove the domain activation"));
  }
  const versions = inputs.domains.get(a.name);
  const domainPack = versions?.find((p) => p.version === a.version);
  if (!versions) {
    out.push(makeDiagnostic("PK310", doc.locate("/domain/name"), `no domain pack "${a.name}" under packs/`, didYouMean(a.name, inputs.domains.keys(), "domains")));
  } else if (!domainPack) {
    out.push(makeDiagnostic("PK310", doc.locate("/domain/version"), `domain pack ${a.name} has no version ${a.version}`, `versions: ${versions.map((p) => p.version).join(", ")}`));
  } else {
    out.push(...deprecated(inputs.lifecycle, `packs/${a.name}`, a.version, () => doc.locate("/domain/version"), `domain pack ${a.name} ${a.version}`, versions.map((p) => p.version)));
  }
  const tenantPacks = inputs.tenantPacks.get(tenant.id) ?? [];
  const tenantPack = tenantPacks.find((t) => t.version === a.tenantPack);
  const scope = tenantPackDir(tenant.id);
  if (!tenantPack) {
    const have = tenantPacks.map((t) => t.version);
    out.push(makeDiagnostic("PK311", doc.locate("/domain/tenantPack"), `no tenant pack ${scope}/${a.tenantPack}.json`, have.length ? `versions: ${have.join(", ")}` : `add ${scope}/${a.tenantPack}.json`));
  } else {
    out.push(...deprecated(inputs.lifecycle, scope, a.tenantPack, () => doc.locate("/domain/tenantPack"), `tenant pack ${a.tenantPack}`, tenantPacks.map((t) => t.version)));
  }
  return { activated: domainPack && tenantPack ? { domainPack, tenantPack } : null, diagnostics: out };
}

function deprecated(lifecycle: Lifecycle, scope: string, version: string, at: () => Location, what: string, versions: string[]): Diagnostic[] {
  const dep = lifecycle.deprecation(scope, version);
  if (!dep) return [];
  const usable = versions.filter((v) => !lifecycle.deprecation(scope, v));
  const why = dep.reason ? `: ${dep.reason}` : "";
  return [makeDiagnostic("PK312", at(), `${what} is DEPRECATED (${dep.file}:${dep.line})${why}`, usable.length ? `activate a supported version: ${usable.join(", ")}` : "release a new version; every version is deprecated")];
}
