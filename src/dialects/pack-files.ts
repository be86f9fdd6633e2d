import { makeDiagnostic } from "../diagnostics/types.js";
import type { SourceDoc } from "../load/source-doc.js";
import { resolveInside } from "../util/paths.js";
import type { PackContext } from "./types.js";

/**
 * Loads a file a manifest refers to (at `pointer` in the manifest), relative to the pack root.
 * Reports PK106 when the path escapes the pack, PK109 when the file is missing, the parser's
 * diagnostics when it does not parse, and PK113 when `mapping` is asked and the top level is not
 * a mapping. Returns the parsed document or null.
 */
export function loadPackFile(ctx: PackContext, rel: string, pointer: string, mapping = true): SourceDoc | null {
  const at = () => ctx.manifest.locate(pointer); // only for a diagnostic: locating parses positions
  const file = resolveInside(ctx.pack.dir, rel);
  if (file === null) {
    ctx.report(makeDiagnostic("PK106", at(), `path "${rel}" escapes the pack directory`, "use a path relative to the pack root, without .."));
    return null;
  }
  const parsed = ctx.ws.parse(file);
  if (!parsed) {
    ctx.report(makeDiagnostic("PK109", at(), `file "${rel}" does not exist in ${ctx.pack.dir}`, "add the file or fix the path"));
    return null;
  }
  parsed.diagnostics.forEach(ctx.report);
  if (parsed.doc.value === undefined) return null;
  if (mapping && !isRecord(parsed.doc.value)) {
    ctx.report(makeDiagnostic("PK113", parsed.doc.locate(""), `${file} must hold a mapping at the top level`));
    return null;
  }
  return parsed.doc;
}

/** True for a plain object (a YAML mapping / JSON object). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The value as a string array, dropping non-strings (schema validation reports those). */
export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** The value if it is a string, else "". */
export function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}
