import type { Diagnostic } from "../diagnostics/types.js";
import type { Summary } from "./summary.js";
import type { ConformanceReport } from "./conformance.js";
import { escapeJsonControls } from "../util/controls.js";

/**
 * Renders the machine-readable report of DESIGN.md: `{"diagnostics": [{code, severity,
 * message, file, line, column, pointer, hint?}], "summary": {errors, warnings, packs, tenants},
 * "conformance": [{pack, version, profile, conformant, passed, failed, skipped, tests}]}`, keys
 * in that fixed order, 2-space indent; control characters only as `\uXXXX` escapes. Pure.
 */
export function renderJson(diagnostics: readonly Diagnostic[], summary: Summary, conformance: readonly ConformanceReport[] = []): string {
  const list = diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.file,
    line: d.line,
    column: d.column,
    pointer: d.pointer,
    ...(d.hint !== undefined ? { hint: d.hint } : {}),
  }));
  return escapeJsonControls(JSON.stringify({ diagnostics: list, summary, conformance }, null, 2)) + "\n";
}
