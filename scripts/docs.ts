// Generates docs/diagnostics.md from the catalogue in src/diagnostics/codes.ts.
import { writeFileSync } from "node:fs";
import { CODES } from "../src/diagnostics/codes.js";

/** The catalogue as Markdown. */
export function diagnosticsMarkdown(): string {
  const lines = [
    "# Diagnostics catalogue",
    "",
    "Generated from `src/diagnostics/codes.ts` by `npm run docs`; do not edit by hand.",
    "Codes are stable and never reused. PK1xx load and schema, PK2xx pack rules and references,",
    "PK3xx resolution and lockfiles, PK4xx composition, PK5xx policy and simulation.",
    "Only errors fail a command (exit 1); warnings are reported and allowed.",
    "",
    "| code | severity | title |",
    "|---|---|---|",
    ...Object.entries(CODES).map(([code, c]) => `| [${code}](#${code.toLowerCase()}) | ${c.severity} | ${c.title} |`),
    "",
  ];
  for (const [code, c] of Object.entries(CODES)) lines.push(`## ${code}`, "", `**${c.title}** (${c.severity})`, "", c.doc, "");
  return lines.join("\n");
}

if (process.argv[1]?.endsWith("docs.ts")) writeFileSync("docs/diagnostics.md", diagnosticsMarkdown());
