import { byImportance, type ChangedLines, type Diagnostic } from "../diagnostics/types.js";
import { escapeMd, marker, type CommentKind } from "./markdown.js";
import { location, type CommentLinks } from "./links.js";
import { safeSlice } from "../util/controls.js";
import type { Summary } from "./summary.js";

/** Longest message shown in a table cell, in characters; the SARIF file has the whole text. */
const MESSAGE_CHARS = 300;

/**
 * A GFM table of at most `maxRows` diagnostics (most important first, see {@link byImportance})
 * with a closing line counting the rest and saying where they are. Messages are escaped and cut
 * to 300 characters; locations link to the head commit when `links` is known. Empty string for
 * no diagnostics. Pure.
 */
export function diagnosticsTable(diagnostics: readonly Diagnostic[], changed: ChangedLines, maxRows: number, links?: CommentLinks): string {
  if (!diagnostics.length) return "";
  const rows = byImportance(diagnostics, changed).slice(0, maxRows);
  const cut = (s: string) => (s.length > MESSAGE_CHARS ? `${safeSlice(s, MESSAGE_CHARS)}…` : s);
  const lines = ["| | where | code | message |", "|---|---|---|---|"];
  for (const d of rows) {
    const hint = d.hint ? `<br>hint: ${escapeMd(cut(d.hint))}` : "";
    lines.push(`| ${d.severity === "error" ? "❌" : "⚠️"} | ${location(d.file, d.line, links, d.column)} | ${d.code} | ${escapeMd(cut(d.message))}${hint} |`);
  }
  const more = diagnostics.length - rows.length;
  if (more > 0) lines.push("", `${more} more diagnostic${more === 1 ? "" : "s"} not shown here; all are in the SARIF file (packc.sarif) of the uploaded report.`);
  return lines.join("\n");
}

/**
 * The pull-request comment (one part, marker `<!-- packc:KIND part=1/1 -->`) of `packc check` or
 * `packc compile`: a verdict line, then the diagnostics table capped at `maxRows` rows, so it
 * always fits in one comment (50 rows of at most ~700 characters). Pure.
 */
export function renderCheckMarkdown(kind: Exclude<CommentKind, "diff">, diagnostics: readonly Diagnostic[], summary: Summary, changed: ChangedLines = new Map(), maxRows = 50, links?: CommentLinks): string {
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  const scope = `${plural(summary.packs, "pack version")}, ${plural(summary.tenants, "tenant")}`;
  const verdict = summary.errors
    ? `**packc ${kind}**: ❌ ${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")} (${scope}).`
    : `**packc ${kind}**: ✅ no errors${summary.warnings ? `, ${plural(summary.warnings, "warning")}` : ""} (${scope}).`;
  const table = diagnosticsTable(diagnostics, changed, maxRows, links);
  return `${marker(kind, 1, 1)}\n${verdict}\n${table ? `\n${table}\n` : ""}`;
}
