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
  /** Domain activation (seed 000), kept for the domain dialect. */
  domain: Record<string, unknown> | null;
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
  core: string;
  requests: Record<string, string>;
  packs: LockedPack[];
}
