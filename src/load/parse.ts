import { LineCounter, isPair, isScalar, parseDocument, visit, type Document } from "yaml";
import { makeDiagnostic, type Diagnostic, type Location } from "../diagnostics/types.js";
import { flatSourceDoc, yamlSourceDoc, type SourceDoc } from "./source-doc.js";
import { parseToml } from "./toml.js";

/** Keys that poison JavaScript objects (prototype pollution); rejected wherever they appear. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** The most aliases a YAML document may expand (the `yaml` library's own default guard). */
export const MAX_ALIAS_COUNT = 100;

/** A parsed file: the document (always present, maybe without a value) and what went wrong. */
export interface Parsed {
  doc: SourceDoc;
  diagnostics: Diagnostic[];
}

/**
 * Parses YAML 1.2, JSON or (by `.toml` extension, see `toml.ts`) TOML text into a SourceDoc. Never throws for bad input: syntax errors,
 * duplicate keys, alias bombs, forbidden keys and `%YAML 1.1` directives become diagnostics
 * (PK101–PK104, PK108) and leave `value` undefined, so no later stage sees a poisoned value.
 * JSON files take their value from `JSON.parse` (exact JSON semantics) and their positions from
 * the YAML parser (JSON is a subset of YAML 1.2 flow syntax).
 */
export function parseText(file: string, text: string): Parsed {
  if (file.endsWith(".toml")) return parseToml(file, text);
  const lc = new LineCounter();
  const isJson = file.endsWith(".json");
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, version: "1.2", prettyErrors: false, keepSourceTokens: false });
  const src = (value: unknown) => yamlSourceDoc(file, value, doc, lc);
  const at = (offset: number, pointer = "") => {
    const p = lc.linePos(offset);
    return { file, line: p.line, column: p.col, pointer };
  };
  const diagnostics: Diagnostic[] = [];

  if (isJson) {
    const jsonError = tryJson(text);
    if (jsonError) {
      diagnostics.push(makeDiagnostic("PK101", at(jsonError.offset), `invalid JSON: ${jsonError.message}`));
      return { doc: src(undefined), diagnostics };
    }
  }
  // After the first syntax error the parser's further errors are mostly consequences: keep one.
  const syntax = doc.errors.find((e) => e.code !== "DUPLICATE_KEY");
  for (const e of doc.errors.filter((x) => x.code === "DUPLICATE_KEY" || x === syntax)) {
    const code = e.code === "DUPLICATE_KEY" ? "PK102" : "PK101";
    const message = code === "PK102" ? "duplicate key in mapping" : e.message.split("\n")[0] ?? e.message;
    diagnostics.push(makeDiagnostic(code, at(e.pos[0]), message, code === "PK102" ? "keep one of the entries" : undefined));
  }
  if (doc.directives?.yaml.explicit && doc.directives.yaml.version !== "1.2") {
    diagnostics.push(makeDiagnostic("PK108", at(0), `%YAML ${doc.directives.yaml.version} directive`, "remove the directive; packc reads YAML 1.2"));
  }
  diagnostics.push(...forbiddenKeys(doc, at));
  if (diagnostics.length > 0) return { doc: src(undefined), diagnostics };

  try {
    const value = isJson ? JSON.parse(text) : doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { doc: src(value ?? null), diagnostics };
  } catch (e) {
    // The only throw left is the alias-count guard (yaml raises ReferenceError for it).
    const message = e instanceof Error ? e.message : String(e);
    diagnostics.push(makeDiagnostic("PK103", at(0), message, `expand at most ${MAX_ALIAS_COUNT} aliases; write the values out`));
    return { doc: src(undefined), diagnostics };
  }
}

/** Decodes UTF-8 bytes (dropping a BOM) and parses them; invalid UTF-8 is PK114. */
export function parseBytes(file: string, bytes: Uint8Array): Parsed {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const doc = flatSourceDoc(file);
    return { doc, diagnostics: [makeDiagnostic("PK114", doc.locate(""), "file is not valid UTF-8 text")] };
  }
  return parseText(file, text);
}

function tryJson(text: string): { message: string; offset: number } | null {
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(message);
    return { message, offset: m ? Number(m[1]) : 0 };
  }
}

function forbiddenKeys(doc: Document, at: (offset: number) => Location): Diagnostic[] {
  const found: Diagnostic[] = [];
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key)) return;
      const name = String(pair.key.value);
      if (FORBIDDEN_KEYS.has(name)) {
        found.push(makeDiagnostic("PK104", at(pair.key.range?.[0] ?? 0), `forbidden key "${name}"`, "rename the key; it would pollute JavaScript object prototypes"));
      }
    },
  });
  return found;
}
