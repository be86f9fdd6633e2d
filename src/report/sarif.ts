import { CODES } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/types.js";
import { PACKC_VERSION } from "../version.js";
import { escapeJsonControls } from "../util/controls.js";

/**
 * SARIF 2.1.0 (the format GitHub code scanning and editors read) for a list of diagnostics: one
 * run of the `packc` driver whose `rules` are the catalogue entries used (id, title, doc,
 * default level), and one result per diagnostic with its level, message (plus the hint), and
 * the file (its path from the root of the git work tree: `prefix`, the packs repository's own
 * path there, then the diagnostic's path), line and column. Output is 2-space JSON with a final
 * newline. Pure.
 */
export function renderSarif(diagnostics: readonly Diagnostic[], prefix = ""): string {
  const used = [...new Set(diagnostics.map((d) => d.code))].sort();
  const rules = used.map((id) => ({
    id,
    name: CODES[id].title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : "")),
    shortDescription: { text: CODES[id].title },
    fullDescription: { text: CODES[id].doc },
    defaultConfiguration: { level: CODES[id].severity },
  }));
  const results = diagnostics.map((d) => ({
    ruleId: d.code,
    ruleIndex: used.indexOf(d.code),
    level: d.severity,
    message: { text: d.hint ? `${d.message} (hint: ${d.hint})` : d.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: prefix + d.file }, region: { startLine: d.line, startColumn: d.column } } }],
    ...(d.pointer ? { properties: { pointer: d.pointer } } : {}),
  }));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver: { name: "packc", version: PACKC_VERSION, rules } }, results }],
  };
  return escapeJsonControls(JSON.stringify(sarif, null, 2)) + "\n";
}
