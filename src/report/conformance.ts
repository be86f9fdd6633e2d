import type { PackVersion } from "../model/pack.js";
import type { ConformanceResult } from "../model/platform.js";
import { publicConformance } from "../compose/platform.js";

/** One platform pack's conformance outcome, as the reports show it. */
export interface ConformanceReport {
  pack: string;
  version: string;
  profile: string;
  conformant: boolean;
  passed: number;
  failed: number;
  skipped: number;
  tests: Omit<ConformanceResult, "pointer">[];
}

/** The conformance outcome of every platform pack version, sorted by pack and version. Pure. */
export function conformanceReports(packs: readonly PackVersion[]): ConformanceReport[] {
  return sortConformance(packs
    .filter((p) => p.platform)
    .map((p) => {
      const tests = publicConformance(p.platform!.conformance);
      const count = (s: string) => tests.filter((t) => t.status === s).length;
      return { pack: p.id, version: p.version, profile: p.platform!.profile, conformant: p.platform!.conformant, passed: count("passed"), failed: count("failed"), skipped: count("skipped"), tests };
    }));
}

/** Reports sorted by pack, then version (as {@link conformanceReports} gives them). */
export function sortConformance(reports: ConformanceReport[]): ConformanceReport[] {
  return reports.sort((a, b) => (a.pack < b.pack ? -1 : a.pack > b.pack ? 1 : a.version < b.version ? -1 : 1));
}

/** Text lines: `conformance <pack>@<version> (<profile>): N passed, N failed, N skipped[: failed tests]`. */
export function conformanceLines(reports: readonly ConformanceReport[]): string[] {
  return reports.map((r) => {
    const failed = r.tests.filter((t) => t.status === "failed").map((t) => t.test);
    return `conformance ${r.pack}@${r.version} (${r.profile}): ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${failed.length ? ` — failed: ${failed.join(", ")}` : ""}`;
  });
}
