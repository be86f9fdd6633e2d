import type { Registry } from "../dialects/types.js";
import type { Tenant } from "../model/tenant.js";
import { lockedVersions } from "./lockfile.js";
import { resolve } from "./resolver.js";

/** How a tenant's resolution prefers versions: kept from its lockfile (check, plain lock), or not (upgrades). */
export interface Preference {
  mode: "check" | "lock";
  /** With `lock`: true upgrades every pack, a pack id upgrades that one. */
  upgrade?: boolean | string;
}

/**
 * The versions the resolver should keep for `tenant` (its lockfile's, `lockedVersions`), less
 * those an upgrade asks to move: none for `lock --upgrade`, all but the pack named by
 * `lock --upgrade ID`.
 */
export function preferredVersions(tenant: Tenant, p: Preference): Map<string, string> {
  if (p.mode === "lock" && p.upgrade === true) return new Map();
  const locked = lockedVersions(tenant);
  if (p.mode === "lock" && typeof p.upgrade === "string") locked.delete(p.upgrade);
  return locked;
}

/**
 * The pack version directories (`packs/<id>/<version>`) `tenants` use: each one's resolution
 * as `pipeline/tenant.ts` runs it (same core, requests and preference; a failed resolution uses
 * nothing), and every version its committed lockfile pins (the registry listing counts pins).
 * Resolution reads only identity, `requiresCore` and `dependencies`, so a registry of
 * manifest-only loads (`PackVersion.partial`) gives the same answer as a full one: this is what a
 * scoped run loads in full beyond its reported packs. Pure.
 */
export function usedVersions(tenants: readonly Tenant[], registry: Registry, p: Preference): Set<string> {
  const out = new Set<string>();
  for (const t of tenants) {
    for (const [id, version] of lockedVersions(t)) out.add(`packs/${id}/${version}`);
    if (t.core === null || !t.requests.length) continue;
    const r = resolve({ core: t.core, requests: t.requests, registry, prefer: preferredVersions(t, p) });
    if (r.ok) for (const pack of r.packs) out.add(pack.dir);
  }
  return out;
}
