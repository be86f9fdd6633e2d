import type { SourceDoc } from "../load/source-doc.js";

/** A pack request of a tenant: pack id and SemVer range, with its place in tenant.yaml. */
export interface PackRequest {
  id: string;
  range: string;
  pointer: string;
}

/** A tenant directory `tenants/<id>/` as loaded: its record and its lockfile, if any. */
export interface Tenant {
  id: string;
  dir: string;
  doc: SourceDoc;
  status: "ACTIVE" | "SUSPENDED" | "ARCHIVED";
  /** The core version the tenant runs (tenant.yaml `core`, else packc.yaml `core.version`). */
  core: string | null;
  requests: PackRequest[];
  /** Repository-relative lockfile path (whether or not it exists). */
  lockFile: string;
  lock: SourceDoc | null;
  /** The domain activation of `tenant.yaml` `domain:` (seed 000), when it is complete. */
  domain: DomainActivation | null;
}

/**
 * A tenant's domain activation (seed 000 "Active Configuration"): one domain pack version and one
 * tenant pack version, as the activation body `{domain, domain_pack_version, tenant_pack_version}`.
 */
export interface DomainActivation {
  /** The domain pack's `domainName`, its directory under `packs/`. */
  name: string;
  /** The domain pack version, `vMAJOR.MINOR`. */
  version: string;
  /** The tenant pack version: `tenants/<id>/tenant-packs/<tenantPack>.json`. */
  tenantPack: string;
}

/** The tenant pack a lockfile pins (`packs.lock.json` `tenantPack`). */
export interface LockedTenantPack {
  domain: string;
  version: string;
  integrity: string;
}

/** One entry of `packs.lock.json`. */
export interface LockedPack {
  id: string;
  version: string;
  dialect: string;
  integrity: string;
  dependencies?: Record<string, string>;
}

/** The `packs.lock.json` document (schema `schemas/lockfile.schema.json`). */
export interface Lockfile {
  lockfileVersion: 1;
  tenant: string;
  /** The tenant's core version; null when it requests no packs and none is configured. */
  core: string | null;
  requests: Record<string, string>;
  packs: LockedPack[];
  tenantPack?: LockedTenantPack;
}
