import { cmp, makeDiagnostic, type Diagnostic } from "../diagnostics/types.js";
import type { PackVersion } from "../model/pack.js";
import type { Lockfile, Tenant } from "../model/tenant.js";
import type { TenantPackVersion } from "../model/domain.js";
import { isRecord } from "../dialects/pack-files.js";
import { dictionaryFrom } from "../util/dictionary.js";

/**
 * The lockfile for a resolution: requests with keys in code-point order, packs sorted by id in
 * code-point order (never `localeCompare`, which Portarium used and which varies by locale), no
 * timestamps, each pack with version, dialect, integrity digest and its dependency ranges; the
 * activated tenant pack, if any, under `tenantPack` with the domain it is activated with and its
 * digest.
 */
export function buildLockfile(tenant: Tenant, core: string | null, packs: readonly PackVersion[], tenantPack?: { domain: string; pack: TenantPackVersion }): Lockfile {
  const requests = dictionaryFrom(tenant.requests.map((r) => [r.id, r.range] as const).sort(([a], [b]) => cmp(a, b)));
  const locked = [...packs]
    .sort((a, b) => cmp(a.id, b.id))
    .map((p) => ({
      id: p.id,
      version: p.version,
      dialect: p.dialect,
      integrity: p.integrity,
      ...(Object.keys(p.dependencies).length ? { dependencies: p.dependencies } : {}),
    }));
  const lock: Lockfile = { lockfileVersion: 1, tenant: tenant.id, core, requests, packs: locked };
  if (tenantPack) lock.tenantPack = { domain: tenantPack.domain, version: tenantPack.pack.version, integrity: tenantPack.pack.integrity };
  return lock;
}

/** The versions a committed lockfile pins, for the resolver to prefer. */
export function lockedVersions(tenant: Tenant): Map<string, string> {
  const out = new Map<string, string>();
  const packs = isRecord(tenant.lock?.value) ? tenant.lock.value.packs : undefined;
  if (Array.isArray(packs)) for (const p of packs) if (isRecord(p) && typeof p.id === "string" && typeof p.version === "string") out.set(p.id, p.version);
  return out;
}

/**
 * Compares the committed lockfile with the one the requests resolve to now (frozen, as `npm ci`
 * does): missing (PK306), stale in any field but a digest (PK307, at the first difference), or
 * pinning a version (or tenant pack) whose content changed since it was locked (PK308). Every message names the
 * command that fixes it.
 */
export function compareLockfile(tenant: Tenant, expected: Lockfile): Diagnostic[] {
  const fix = `run: packc lock --tenant ${tenant.id}`;
  if (!tenant.lock) {
    if (expected.packs.length === 0) return [];
    return [makeDiagnostic("PK306", tenant.doc.locate(tenant.requests.length ? "/packs" : "/domain", "key"), `tenant "${tenant.id}" has no ${tenant.lockFile}`, fix)];
  }
  const actual = tenant.lock.value as Record<string, unknown>;
  const out: Diagnostic[] = [];
  const [was, now] = [withoutDigests(actual), withoutDigests(expected)];
  // Usually the same: a check without key order first; the ordered search only for a difference.
  const stale = sameJson(was, now) ? null : firstDifference(was, now);
  if (stale) {
    out.push(makeDiagnostic("PK307", tenant.lock.locate(stale.pointer), `${tenant.lockFile} is stale: ${stale.message}`, fix));
    return out;
  }
  expected.packs.forEach((p, i) => {
    const got = (actual.packs as Record<string, unknown>[])[i]?.integrity;
    if (got !== p.integrity) {
      out.push(makeDiagnostic("PK308", tenant.lock!.locate(`/packs/${i}/integrity`), `${p.id}@${p.version} changed since it was locked (locked ${String(got)}, now ${p.integrity})`, `released versions are immutable: restore packs/${p.id}/${p.version}/, or release a new version and ${fix}`));
    }
  });
  const tp = expected.tenantPack;
  const gotTp = isRecord(actual.tenantPack) ? actual.tenantPack.integrity : undefined;
  if (tp && gotTp !== tp.integrity) {
    out.push(makeDiagnostic("PK308", tenant.lock.locate("/tenantPack/integrity"), `tenant pack ${tp.version} changed since it was locked (locked ${String(gotTp)}, now ${tp.integrity})`, `released versions are immutable: restore tenants/${tenant.id}/tenant-packs/${tp.version}.json, or add a new version and ${fix}`));
  }
  return out;
}

/**
 * For `packc lock`: PK308 for every pack version (and the tenant pack) that the committed
 * lockfile pins at the same version with another digest. Its released content was edited, and
 * re-pinning would make the edit pass; `lock` refuses unless `--allow-edited-release` says the
 * version never left this branch.
 */
export function editedReleases(tenant: Tenant, expected: Lockfile): Diagnostic[] {
  if (!tenant.lock || !isRecord(tenant.lock.value)) return [];
  const actual = tenant.lock.value;
  const pinned = new Map<string, { integrity: unknown; index: number }>();
  if (Array.isArray(actual.packs)) actual.packs.forEach((p, index) => isRecord(p) && pinned.set(`${String(p.id)}@${String(p.version)}`, { integrity: p.integrity, index }));
  const hint = (what: string) => `released versions are immutable: restore ${what} and release the change as a new version; if this version never left this branch, run: packc lock --tenant ${tenant.id} --allow-edited-release`;
  const out: Diagnostic[] = [];
  for (const p of expected.packs) {
    const was = pinned.get(`${p.id}@${p.version}`);
    if (was && was.integrity !== p.integrity) {
      out.push(makeDiagnostic("PK308", tenant.lock.locate(`/packs/${was.index}/integrity`), `${p.id}@${p.version} changed since it was locked (locked ${String(was.integrity)}, now ${p.integrity}); packc lock does not re-pin an edited release`, hint(`packs/${p.id}/${p.version}/`)));
    }
  }
  const tp = expected.tenantPack;
  const was = isRecord(actual.tenantPack) ? actual.tenantPack : undefined;
  if (tp && was && was.version === tp.version && was.integrity !== tp.integrity) {
    out.push(makeDiagnostic("PK308", tenant.lock.locate("/tenantPack/integrity"), `tenant pack ${tp.version} changed since it was locked (locked ${String(was.integrity)}, now ${tp.integrity}); packc lock does not re-pin an edited release`, hint(`tenants/${tenant.id}/tenant-packs/${tp.version}.json`)));
  }
  return out;
}

function withoutDigests(lock: unknown): unknown {
  if (!isRecord(lock)) return lock;
  const out: Record<string, unknown> = { ...lock };
  if (Array.isArray(lock.packs)) out.packs = lock.packs.map((p) => (isRecord(p) ? { ...p, integrity: undefined } : p));
  if (isRecord(lock.tenantPack)) out.tenantPack = { ...lock.tenantPack, integrity: undefined };
  return out;
}

/** Whether `a` and `b` are surely the same JSON (same keys, any order; `===` leaves): true only when {@link firstDifference} finds none. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (!Object.hasOwn(b, k) || !sameJson(a[k], b[k])) return false;
  return true;
}

function firstDifference(a: unknown, b: unknown, path: string[] = []): { pointer: string; message: string } | null {
  if (a === b) return null; // most of a current lockfile: equal strings and numbers
  if (isRecord(a) && isRecord(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(cmp)) {
      path.push(k);
      const d = firstDifference(a[k], b[k], path);
      path.pop();
      if (d) return d;
    }
    return null;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      path.push(String(i));
      const d = firstDifference(a[i], b[i], path);
      path.pop();
      if (d) return d;
    }
    return null;
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  // The pointer is built only here, for the one difference reported.
  const p = path.map((t) => `/${t}`).join("");
  const what = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v));
  return { pointer: existing(p, a), message: `${p} is ${what(a)}, the requests resolve to ${what(b)}` };
}

// A pointer to something the lockfile has (the parent when the value is missing there).
function existing(p: string, actualValue: unknown): string {
  return actualValue === undefined ? p.split("/").slice(0, -1).join("/") : p;
}
