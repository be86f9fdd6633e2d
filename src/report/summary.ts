import type { Diagnostic } from "../diagnostics/types.js";

/** Counts shown at the end of every report. */
export interface Summary {
  errors: number;
  warnings: number;
  packs: number;
  tenants: number;
  /** Wall time of the run in milliseconds; only when the progress line was shown (a terminal), so piped output stays reproducible. */
  elapsedMs?: number;
  /** A scoped run (`check --tenant`, `--changed-since`): the pack versions and tenants it did not look at. */
  skipped?: { packs: number; tenants: number };
}

/** Counts diagnostics by severity, with the numbers of pack versions and tenants checked (and skipped, in a scoped run). */
export function summarize(diagnostics: readonly Diagnostic[], packs: number, tenants: number, skipped?: { packs: number; tenants: number }): Summary {
  return {
    errors: diagnostics.filter((d) => d.severity === "error").length,
    warnings: diagnostics.filter((d) => d.severity === "warning").length,
    packs,
    tenants,
    ...(skipped ? { skipped } : {}),
  };
}
