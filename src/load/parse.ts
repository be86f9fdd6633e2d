import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Pair } from "yaml";
import { makeDiagnostic, type Diagnostic, type Location } from "../diagnostics/types.js";
import { flatSourceDoc, yamlSourceDoc, type SourceDoc } from "./source-doc.js";
import { parseToml } from "./toml.js";
import { positionAt, scanJsonKeys } from "./json-keys.js";
import { escapeToken } from "../util/json-pointer.js";
import { fastYamlValue } from "./yaml-fast.js";

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
 * duplicate keys, alias bombs, forbidden keys, `%YAML 1.1` directives and numbers that are not
 * finite (`1e999`, `.inf`, `.nan`, TOML `inf`) become diagnostics (PK101–PK104, PK108, PK118)
 * and leave `value` undefined, so no later stage sees a poisoned value.
 * JSON files take their value from `JSON.parse` (exact JSON semantics) and are checked for
 * duplicate and forbidden keys by one linear scan; positions come from the YAML parser (JSON is
 * a subset of YAML 1.2 flow syntax), but only when a diagnostic first asks for one. `again`,
 * when given, produces the same text anew for that (so the document need not hold `text`).
 */
export function parseText(file: string, text: string, again?: () => string): Parsed {
  return finiteOnly(file.endsWith(".toml") ? parseToml(file, text) : file.endsWith(".json") ? parseJson(file, text, again ?? text) : parseYaml(file, text, again ?? text));
}

/** JSON text (see {@link parseText}): JSON.parse for the value, {@link scanJsonKeys} for what it would let pass. */
function parseJson(file: string, text: string, kept: string | (() => string)): Parsed {
  const at = (offset: number) => ({ file, ...positionAt(text, offset), pointer: "" });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const offset = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    return { doc: yamlSourceDoc(file, undefined, kept), diagnostics: [makeDiagnostic("PK101", at(offset), `invalid JSON: ${message}`)] };
  }
  const keys = scanJsonKeys(text, FORBIDDEN_KEYS);
  const diagnostics = [
    ...keys.duplicates.map((k) => makeDiagnostic("PK102", at(k.offset), "duplicate key in mapping", "keep one of the entries")),
    ...keys.flagged.map((k) => makeDiagnostic("PK104", at(k.offset), `forbidden key "${k.name}"`, "rename the key; it would pollute JavaScript object prototypes")),
  ].sort((a, b) => a.line - b.line || a.column - b.column);
  return { doc: yamlSourceDoc(file, diagnostics.length ? undefined : (value ?? null), kept), diagnostics };
}

/**
 * YAML 1.2 text (see {@link parseText}). The value comes from {@link fastYamlValue} when it is
 * certain to be this function's, with no diagnostic; otherwise from the `yaml` library's
 * Document, whose syntax tree is dropped once the value is built. Either way positions are
 * parsed only when a diagnostic first asks for one.
 */
function parseYaml(file: string, text: string, kept: string | (() => string)): Parsed {
  const fast = fastYamlValue(text);
  if (fast) return { doc: yamlSourceDoc(file, fast.value, kept), diagnostics: [] };
  return parseYamlFully(file, text, kept);
}

/** {@link parseYaml} with the `yaml` library alone: the reference the fast path must equal. Exported for the tests that compare them. */
export function parseYamlFully(file: string, text: string, kept: string | (() => string)): Parsed {
  const lc = new LineCounter();
  // The library's own duplicate-key check compares every pair with every other (quadratic: 30,000
  // keys took 30 s); `structure` below finds duplicates with one set per mapping instead.
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, version: "1.2", prettyErrors: false, keepSourceTokens: false });
  const src = (value: unknown) => yamlSourceDoc(file, value, kept);
  const at = (offset: number, pointer = "") => {
    const p = lc.linePos(offset);
    return { file, line: p.line, column: p.col, pointer };
  };
  const diagnostics: Diagnostic[] = [];
  // After the first syntax error the parser's further errors are mostly consequences: keep one.
  const syntax = doc.errors[0];
  if (syntax) diagnostics.push(makeDiagnostic("PK101", at(syntax.pos[0]), syntax.message.split("\n")[0] ?? syntax.message));
  if (doc.directives?.yaml.explicit && doc.directives.yaml.version !== "1.2") {
    diagnostics.push(makeDiagnostic("PK108", at(0), `%YAML ${doc.directives.yaml.version} directive`, "remove the directive; packc reads YAML 1.2"));
  }
  diagnostics.push(...structure(doc, at));
  if (diagnostics.length > 0) return { doc: src(undefined), diagnostics };

  try {
    const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { doc: src(value ?? null), diagnostics };
  } catch (e) {
    // The only throw left is the alias-count guard (yaml raises ReferenceError for it).
    const message = e instanceof Error ? e.message : String(e);
    diagnostics.push(makeDiagnostic("PK103", at(0), message, `expand at most ${MAX_ALIAS_COUNT} aliases; write the values out`));
    return { doc: src(undefined), diagnostics };
  }
}

/** At most this many PK118 per file; one is enough to fix the pattern. */
const MAX_NON_FINITE_REPORTS = 20;

/**
 * PK118 at every number that is not finite (JSON has no Infinity or NaN, so such a value could
 * never be written to a lockfile or an active config), and the value dropped. Iterative, so deep
 * nesting cannot overflow the stack.
 */
function finiteOnly(parsed: Parsed): Parsed {
  const root = parsed.doc.value;
  if (root === undefined || root === null || typeof root !== "object" || allFinite(root)) return parsed;
  const found: Diagnostic[] = [];
  const stack: Array<[unknown, string]> = [[root, ""]];
  while (stack.length && found.length < MAX_NON_FINITE_REPORTS) {
    const [v, at] = stack.pop()!;
    if (typeof v === "number" && !Number.isFinite(v)) {
      found.push(makeDiagnostic("PK118", parsed.doc.locate(at), `${v} is not a finite number`, "JSON cannot hold Infinity or NaN: write a finite number, or quote the value if it is text"));
    } else if (v !== null && typeof v === "object") {
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i]![1], `${at}/${escapeToken(entries[i]![0])}`]);
    }
  }
  if (!found.length) return parsed;
  return { doc: { ...parsed.doc, value: undefined }, diagnostics: [...parsed.diagnostics, ...found] };
}

/** Whether every number in `root` is finite: the usual answer, found without building a pointer per value. Iterative, as {@link finiteOnly}. */
function allFinite(root: object): boolean {
  const stack: object[] = [root];
  while (stack.length) {
    const o = stack.pop() as Record<string, unknown>;
    for (const k in o) {
      const v = o[k];
      if (typeof v === "number") {
        if (!Number.isFinite(v)) return false;
      } else if (v !== null && typeof v === "object") stack.push(v);
    }
  }
  return true;
}

/** Decodes UTF-8 bytes (dropping a BOM) and parses them; invalid UTF-8 is PK114. */
export function parseBytes(file: string, bytes: Uint8Array): Parsed {
  let text: string;
  const decode = () => new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  try {
    text = decode();
  } catch {
    const doc = flatSourceDoc(file);
    return { doc, diagnostics: [makeDiagnostic("PK114", doc.locate(""), "file is not valid UTF-8 text")] };
  }
  // Positions, when a diagnostic asks, are parsed from the text decoded again from the bytes
  // (kept by the tree anyway), so no file's text stays on the heap.
  return parseText(file, text, decode);
}

/**
 * Keys no document may hold, in one pass: a key repeated in a mapping (PK102; keys compare as
 * the strings they become in JavaScript, so `1:` and `"1":` collide, as they would silently on
 * load) and the prototype-polluting keys (PK104). Linear in the document's size.
 */
function structure(doc: Document, at: (offset: number) => Location): Diagnostic[] {
  const found: Diagnostic[] = [];
  // A plain recursion over the syntax tree: the library's `visit` builds a frozen path array
  // for every node, which cost more than the check itself.
  const pair = (p: Pair): void => {
    if (isScalar(p.key)) {
      const name = String(p.key.value);
      if (FORBIDDEN_KEYS.has(name)) found.push(makeDiagnostic("PK104", at(offsetOf(p.key)), `forbidden key "${name}"`, "rename the key; it would pollute JavaScript object prototypes"));
    }
    node(p.key);
    node(p.value);
  };
  const node = (n: unknown): void => {
    if (isMap(n)) {
      const seen = new Set<string>();
      for (const item of n.items) {
        const name = keyString(item.key);
        if (name === undefined) continue;
        if (seen.has(name)) found.push(makeDiagnostic("PK102", at(offsetOf(item.key)), "duplicate key in mapping", "keep one of the entries"));
        seen.add(name);
      }
      for (const item of n.items) pair(item);
    } else if (isSeq(n)) {
      for (const item of n.items) isPair(item) ? pair(item) : node(item);
    }
  };
  node(doc.contents);
  return found;
}

/** The property name a scalar key becomes when the document is converted to JavaScript (the library's rule: null is ""). */
function keyString(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  const v = key.value;
  if (v === null || v === undefined) return "";
  return typeof v === "object" ? undefined : String(v);
}

function offsetOf(node: unknown): number {
  return (node as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
}
