import type { PackVersion } from "../../model/pack.js";
import { compareDomainVersions, isDomainVersion } from "./version.js";

/** Domain pack versions by domain name, newest first (numeric `vMAJOR.MINOR` order). */
export type DomainRegistry = ReadonlyMap<string, readonly PackVersion[]>;

/**
 * Groups the domain packs whose `domainName` and version equal their directory and whose version
 * is `vMAJOR.MINOR`, newest first (`v10.0` before `v2.0`). Versions that failed validation stay
 * in (`valid: false`), so a tenant activating one is found and left uncomposed.
 */
export function domainRegistry(packs: readonly PackVersion[]): DomainRegistry {
  const reg = new Map<string, PackVersion[]>();
  for (const p of packs) {
    if (p.dialect !== "domain" || p.dir !== `packs/${p.id}/${p.version}` || p.domain?.domainName !== p.id || !isDomainVersion(p.version)) continue;
    const list = reg.get(p.id) ?? [];
    list.push(p);
    reg.set(p.id, list);
  }
  for (const list of reg.values()) list.sort((a, b) => compareDomainVersions(b.version, a.version));
  return reg;
}
