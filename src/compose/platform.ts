import type { PackVersion } from "../model/pack.js";

/**
 * The `platform` section of `active-config.json` for the tenant's platform pack (seed 004):
 * pack name, version and digest, the profile, the MAPLE config as written, the conformance
 * results (test, category, status, reason, warnings) with the overall verdict, one decision per
 * PALM operation with the rule that decided it, and the pack's simulations. `{}` without a
 * platform pack. Pure.
 */
export function platformSection(packs: readonly PackVersion[]): Record<string, unknown> {
  const p = packs.find((x) => x.platform);
  if (!p?.platform) return {};
  const c = p.platform;
  return {
    name: p.id,
    version: p.version,
    integrity: p.integrity,
    profile: c.profile,
    conformant: c.conformant,
    conformance: c.conformance.map(({ pointer: _p, ...r }) => r),
    decisions: c.decisions,
    simulations: c.simulations,
    config: Object.fromEntries(Object.entries(c.config).filter(([k]) => k !== "profile" && k !== "simulations")),
  };
}
