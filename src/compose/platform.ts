import type { PackVersion } from "../model/pack.js";
import type { ConformanceResult, PlatformContent } from "../model/platform.js";

/** Conformance results as published (reports, artefacts): without packc's internal pointer. */
export function publicConformance(results: readonly ConformanceResult[]): Omit<ConformanceResult, "pointer">[] {
  return results.map(({ pointer: _p, ...r }) => r);
}

/** A platform pack's results as published in `compiled/packs/<id>/<version>.json`. */
export function platformArtefact(c: PlatformContent): Record<string, unknown> {
  return { profile: c.profile, conformant: c.conformant, conformance: publicConformance(c.conformance), decisions: c.decisions, simulations: c.simulations, config: c.config };
}

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
    conformance: publicConformance(c.conformance),
    decisions: c.decisions,
    simulations: c.simulations,
    config: Object.fromEntries(Object.entries(c.config).filter(([k]) => k !== "profile" && k !== "simulations")),
  };
}
