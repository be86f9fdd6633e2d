import type { Diagnostic } from "../diagnostics/types.js";
import type { Summary } from "./summary.js";
import { conformanceLines, type ConformanceReport } from "./conformance.js";
import { escapeControls } from "../util/controls.js";

/**
 * Renders diagnostics for people and editors: one line each,
 * `file:line:col severity code message`, then `  hint: ...` when there is a hint, then one line
 * per platform pack's conformance run, then a summary line (with what a scoped run skipped,
 * and the elapsed time, when the summary has them). Control characters in any field are
 * written as visible escapes ({@link escapeControls}), so every diagnostic stays on its own line. Pure.
 */
export function renderText(diagnostics: readonly Diagnostic[], summary: Summary, conformance: readonly ConformanceReport[] = []): string {
  const lines: string[] = [];
  for (const d of diagnostics) {
    lines.push(`${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`);
    if (d.hint) lines.push(`  hint: ${d.hint}`);
  }
  lines.push(...conformanceLines(conformance));
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  const skipped = summary.skipped ? `; skipped ${plural(summary.skipped.packs, "pack version")} and ${plural(summary.skipped.tenants, "tenant")} out of scope` : "";
  const scope = `${plural(summary.packs, "pack version")}, ${plural(summary.tenants, "tenant")}${skipped}`;
  const took = summary.elapsedMs === undefined ? "" : ` in ${(summary.elapsedMs / 1000).toFixed(1)} s`;
  lines.push(
    summary.errors || summary.warnings
      ? `${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")} (${scope})${took}`
      : `no problems (${scope})${took}`,
  );
  return lines.map(escapeControls).join("\n") + "\n";
}
