/** `vMAJOR.MINOR` with no leading zeros (seed 000 "Version Format": `v1.0`, `v1.1`, `v2.0`). */
export const DOMAIN_VERSION = /^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;

/** True when `v` is a domain-pack version such as `v1.0`. */
export function isDomainVersion(v: string): boolean {
  return DOMAIN_VERSION.test(v);
}

/**
 * Orders domain-pack versions by their numeric parts, so `v10.0` > `v2.0` (the real registry's
 * `_compare_versions` falls back to string comparison for `v`-prefixed versions and gets this
 * wrong, shared research §4.5). Versions that are not `vMAJOR.MINOR` sort before all valid
 * ones, by code point. Returns <0, 0 or >0.
 */
export function compareDomainVersions(a: string, b: string): number {
  const pa = DOMAIN_VERSION.exec(a);
  const pb = DOMAIN_VERSION.exec(b);
  if (!pa || !pb) return pa ? 1 : pb ? -1 : a < b ? -1 : a > b ? 1 : 0;
  return Number(pa[1]) - Number(pb[1]) || Number(pa[2]) - Number(pb[2]);
}

/** A hint for a version that is not `vMAJOR.MINOR` (`1.0.0` → `v1.0`). */
export function domainVersionHint(v: string): string {
  const m = /^v?(\d+)(?:\.(\d+))?/.exec(v.trim());
  return m ? `write it as v${Number(m[1])}.${Number(m[2] ?? 0)}` : "write it as vMAJOR.MINOR, e.g. v1.0";
}
