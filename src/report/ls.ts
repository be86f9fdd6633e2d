import type { RegistryEntry } from "../registry/status.js";
import { canonicalJson } from "../util/canonical-json.js";
import { escapeControls } from "../util/controls.js";

/**
 * Renders `packc ls`. `json`: `{"packs": [RegistryEntry...]}` as canonical JSON, byte-equal to
 * `compiled/registry.json` when nothing is filtered. `text`: an aligned table ID, VERSION, KIND (the dialect, or
 * `tenant-pack`), DOMAIN, STATUS, TENANTS, DIGEST (first 15 characters), then the deprecation
 * reason when there is one; control characters are written as visible escapes. Pure.
 */
export function renderLs(rows: readonly RegistryEntry[], format: "text" | "json"): string {
  if (format === "json") return canonicalJson({ packs: rows });
  const table = [
    ["ID", "VERSION", "KIND", "DOMAIN", "STATUS", "TENANTS", "DIGEST", ""],
    ...rows.map((r) => [
      r.id,
      r.version,
      r.kind === "tenant-pack" ? "tenant-pack" : r.dialect,
      r.domain ?? "-",
      r.status,
      r.activatedBy.join(",") || "-",
      r.integrity.slice(0, 15),
      r.deprecation ? `deprecated: ${r.deprecation}` : "",
    ].map(escapeControls)),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((line) => line[i]!.length)));
  return table.map((line) => line.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n") + "\n";
}
