import semver from "semver";
import type { CompileResult } from "../pipeline/compile.js";
import { cmp } from "../diagnostics/types.js";
import { tenantPackDir } from "../dialects/domain/tenant-pack.js";
import { compareDomainVersions } from "../dialects/domain/version.js";
import type { TenantPackVersion } from "../model/domain.js";
import type { DialectId, PackVersion } from "../model/pack.js";
import type { Tenant } from "../model/tenant.js";
import { lockedVersions } from "../resolve/lockfile.js";
import type { Lifecycle } from "./lifecycle.js";

/** A pack version's lifecycle status (seed 000 "Version Status"), upper case as the guide writes it. */
export type PackStatus = "DRAFT" | "ACTIVE" | "DEPRECATED";

/** Every status, for option checking. */
export const STATUSES: readonly PackStatus[] = ["ACTIVE", "DEPRECATED", "DRAFT"];

/**
 * One row of the registry (`compiled/registry.json`, `packc ls`): a pack version of any dialect
 * or a tenant pack version. For a tenant pack `id` is the tenant id (versions are unique per
 * tenant, seed 000) and `domain` its `domainName`; for a domain pack `domain` is its name.
 */
export interface RegistryEntry {
  kind: "pack" | "tenant-pack";
  id: string;
  version: string;
  dialect: DialectId;
  domain?: string;
  status: PackStatus;
  /** `sha256-<base64>` integrity digest, as lockfiles pin it. */
  integrity: string;
  /** Tenant ids that activate (domain, tenant packs) or lock (SemVer packs) this version, sorted. */
  activatedBy: string[];
  /** Why the version is deprecated, when it is. */
  deprecation?: string;
}

/** What the registry listing is computed from. */
export interface RegistryInput {
  packs: readonly PackVersion[];
  tenantPacks: readonly TenantPackVersion[];
  tenants: readonly Tenant[];
  lifecycle: Lifecycle;
}

/**
 * The static replacement for the guide's listing endpoints (`GET /admin/packs/domain`,
 * `GET /admin/packs/tenant/{tenant_id}`). A version is DEPRECATED when its `lifecycle.yaml` says
 * so, else ACTIVE when at least one tenant activates it (`tenant.yaml` `domain:`) or pins it in
 * its committed lockfile, else DRAFT. Unlike the real activation endpoint, activating one domain
 * pack version does not deprecate the others: in git, tenants move one pull request at a time.
 * Rows are sorted packs first, then by id in code-point order, newest version first. Pure.
 */
export function registryEntries(input: RegistryInput): RegistryEntry[] {
  // Who uses what, indexed once (tenants in their given order): packs pinned by lockfiles,
  // domain packs and tenant packs activated. A scan of every tenant per pack was quadratic.
  const pinned = new Map<string, string[]>();
  const activated = new Map<string, string[]>();
  const activatedTenantPacks = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, key: string, id: string) => {
    const list = m.get(key);
    if (list) list.push(id);
    else m.set(key, [id]);
  };
  for (const t of input.tenants) {
    for (const [id, version] of lockedVersions(t)) add(pinned, `${id}\0${version}`, t.id);
    if (t.domain) {
      add(activated, `${t.domain.name}\0${t.domain.version}`, t.id);
      add(activatedTenantPacks, `${t.id}\0${t.domain.tenantPack}`, t.id);
    }
  }
  const rows: RegistryEntry[] = [];
  for (const p of input.packs) {
    const by = (p.dialect === "domain" ? activated : pinned).get(`${p.id}\0${p.version}`) ?? [];
    rows.push(row("pack", p.id, p.version, p.dialect, p.integrity, by, input.lifecycle.deprecation(`packs/${p.id}`, p.version)?.reason, p.dialect === "domain" ? p.id : undefined));
  }
  for (const tp of input.tenantPacks) {
    const by = activatedTenantPacks.get(`${tp.tenant}\0${tp.version}`) ?? [];
    rows.push(row("tenant-pack", tp.tenant, tp.version, "domain", tp.integrity, by, input.lifecycle.deprecation(tenantPackDir(tp.tenant), tp.version)?.reason, tp.content.domainName || undefined));
  }
  return sortEntries(rows);
}

/** Rows in listing order: packs first, then by id in code-point order, newest version first. */
function sortEntries(rows: RegistryEntry[]): RegistryEntry[] {
  return rows.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.id, b.id) || compareVersions(b, a));
}

/**
 * The listing one compile of the whole repository gives, from the listings of its shards
 * (`--shard I/N`), each computed over that shard's tenants and the pack versions it loaded: a
 * version listed by several shards is one row whose `activatedBy` is the union of theirs and
 * whose status follows from it as in {@link registryEntries}. Returns a message instead when two
 * shards disagree about a version (digest, dialect, domain or deprecation): they were not
 * compiled from the same repository. Pure.
 */
export function mergeEntries(listings: readonly (readonly RegistryEntry[])[]): RegistryEntry[] | string {
  const rows = new Map<string, RegistryEntry>();
  for (const listing of listings) {
    for (const r of listing) {
      const key = `${r.kind}\0${r.id}\0${r.version}`;
      const seen = rows.get(key);
      if (!seen) {
        rows.set(key, { ...r, activatedBy: [...r.activatedBy] });
        continue;
      }
      if (seen.integrity !== r.integrity || seen.dialect !== r.dialect || seen.domain !== r.domain || seen.deprecation !== r.deprecation) {
        return `${r.kind} ${r.id}@${r.version} differs between shards (${seen.integrity} and ${r.integrity})`;
      }
      seen.activatedBy.push(...r.activatedBy);
    }
  }
  return sortEntries([...rows.values()].map((r) => row(r.kind, r.id, r.version, r.dialect, r.integrity, [...new Set(r.activatedBy)], r.deprecation, r.domain)));
}

function row(kind: RegistryEntry["kind"], id: string, version: string, dialect: DialectId, integrity: string, by: string[], deprecation: string | undefined, domain: string | undefined): RegistryEntry {
  const status: PackStatus = deprecation !== undefined ? "DEPRECATED" : by.length ? "ACTIVE" : "DRAFT";
  return {
    kind,
    id,
    version,
    dialect,
    ...(domain ? { domain } : {}),
    status,
    integrity,
    activatedBy: [...by].sort(cmp),
    ...(deprecation !== undefined ? { deprecation } : {}),
  };
}

function compareVersions(a: RegistryEntry, b: RegistryEntry): number {
  if (a.dialect !== "domain" && semver.valid(a.version) && semver.valid(b.version)) return semver.compare(a.version, b.version);
  return compareDomainVersions(a.version, b.version);
}

/** Filters of `packc ls`, each optional; `status` in any case. */
export interface RegistryFilter {
  domain?: string;
  tenant?: string;
  dialect?: string;
  status?: string;
}

/** The rows matching every given filter (`--domain` matches domain packs and tenant packs of that domain). */
export function filterEntries(rows: readonly RegistryEntry[], f: RegistryFilter): RegistryEntry[] {
  return rows.filter(
    (r) =>
      (f.domain === undefined || r.domain === f.domain) &&
      (f.tenant === undefined || (r.kind === "tenant-pack" && r.id === f.tenant)) &&
      (f.dialect === undefined || r.dialect === f.dialect) &&
      (f.status === undefined || r.status === f.status.toUpperCase()),
  );
}

/** The registry rows of a whole run: every pack and tenant pack version with its status. */
export function registryOf(r: CompileResult): RegistryEntry[] {
  return registryEntries({ packs: r.packs, tenantPacks: r.tenantPacks, tenants: r.tenants.map((t) => t.tenant), lifecycle: r.lifecycle });
}
