import { parseTOML, type AST } from "toml-eslint-parser";
import { makeDiagnostic, type Diagnostic, type Location } from "../diagnostics/types.js";
import { parsePointer, pointer } from "../util/json-pointer.js";
import { FORBIDDEN_KEYS, type Parsed } from "./parse.js";
import type { Anchor, SourceDoc } from "./source-doc.js";

type Pos = { line: number; column: number };
type Path = (string | number)[];

/**
 * Parses TOML 1.0 (MAPLE's `PlatformPackConfig` serialization) with `toml-eslint-parser`, which
 * keeps every node's position, into a SourceDoc whose `locate` names the key or value of any
 * pointer (a table's header for the table itself). Never throws for bad input: a syntax error
 * (duplicate keys and redefined tables included, as TOML makes them) is PK101 at the parser's
 * position, a `__proto__`/`constructor`/`prototype` key is PK104. Date-times read as the text
 * written (RFC 3339), so they validate as `date-time` strings.
 */
export function parseToml(file: string, text: string): Parsed {
  let ast: AST.TOMLProgram;
  try {
    ast = parseTOML(text);
  } catch (e) {
    const err = e as { lineNumber?: number; column?: number; message?: string };
    const at = { file, line: err.lineNumber ?? 1, column: (err.column ?? 0) + 1, pointer: "" };
    return { doc: tomlDoc(file, undefined, new Map()), diagnostics: [makeDiagnostic("PK101", at, `invalid TOML: ${(err.message ?? String(e)).split("\n")[0]}`)] };
  }
  const places = new Map<string, { key?: Pos; value: Pos }>([["", { value: { line: 1, column: 0 } }]]);
  const diagnostics: Diagnostic[] = [];
  const root: Record<string, unknown> = {};

  const checkKey = (name: string, node: AST.TOMLBare | AST.TOMLQuoted) => {
    if (FORBIDDEN_KEYS.has(name)) diagnostics.push(makeDiagnostic("PK104", { file, line: node.loc.start.line, column: node.loc.start.column + 1, pointer: "" }, `forbidden key "${name}"`, "rename the key; it would pollute JavaScript object prototypes"));
  };
  const keyName = (k: AST.TOMLBare | AST.TOMLQuoted) => (k.type === "TOMLBare" ? k.name : k.value);
  const container = (path: Path): Record<string, unknown> | unknown[] => {
    let cur: Record<string, unknown> | unknown[] = root;
    for (const t of path) {
      const next: unknown = (cur as Record<string | number, unknown>)[t];
      if (next === undefined) (cur as Record<string | number, unknown>)[t] = {};
      cur = (cur as Record<string | number, unknown>)[t] as Record<string, unknown> | unknown[];
    }
    return cur;
  };
  const convert = (node: AST.TOMLContentNode, path: Path): unknown => {
    places.set(pointer(path), { ...places.get(pointer(path)), value: node.loc.start });
    if (node.type === "TOMLArray") return node.elements.map((el, i) => convert(el, [...path, i]));
    if (node.type === "TOMLInlineTable") {
      const out: Record<string, unknown> = {};
      for (const kv of node.body) assign(out, path, kv);
      return out;
    }
    if (node.kind === "offset-date-time" || node.kind === "local-date-time" || node.kind === "local-date" || node.kind === "local-time") return text.slice(node.range[0], node.range[1]);
    return node.kind === "integer" ? Number(node.value) : node.value;
  };
  function assign(target: Record<string, unknown>, base: Path, kv: AST.TOMLKeyValue): void {
    let cur = target;
    const path = [...base];
    kv.key.keys.forEach((k, i) => {
      const name = keyName(k);
      checkKey(name, k);
      path.push(name);
      places.set(pointer(path), { ...places.get(pointer(path)), key: k.loc.start, value: places.get(pointer(path))?.value ?? k.loc.start });
      if (i < kv.key.keys.length - 1) {
        if (cur[name] === undefined) cur[name] = {};
        cur = cur[name] as Record<string, unknown>;
      }
    });
    cur[String(path[path.length - 1])] = convert(kv.value, path);
  }

  for (const item of ast.body[0].body) {
    if (item.type === "TOMLKeyValue") {
      assign(root, [], item);
      continue;
    }
    for (const k of item.key.keys) checkKey(keyName(k), k);
    const path = item.resolvedKey;
    const header = item.key.keys.at(-1)!.loc.start;
    if (item.kind === "array") {
      // `[[a.b]]` appends a table to the array a.b (resolvedKey ends with its index).
      const parent = container(path.slice(0, -2)) as Record<string, unknown>;
      const name = String(path[path.length - 2]);
      if (!Array.isArray(parent[name])) parent[name] = [];
      (parent[name] as unknown[]).push({});
      const arr = pointer(path.slice(0, -1));
      if (!places.has(arr)) places.set(arr, { key: header, value: header });
    }
    const table = container(path) as Record<string, unknown>;
    places.set(pointer(path), { key: header, value: header });
    for (const kv of item.body) assign(table, path, kv);
  }
  if (diagnostics.length) return { doc: tomlDoc(file, undefined, places), diagnostics };
  return { doc: tomlDoc(file, root, places), diagnostics };
}

function tomlDoc(file: string, value: unknown, places: ReadonlyMap<string, { key?: Pos; value: Pos }>): SourceDoc {
  return {
    file,
    value,
    locate(p: string, anchor: Anchor = "value"): Location {
      let tokens = parsePointer(p);
      for (;;) {
        const hit = places.get(pointer(tokens));
        if (hit) {
          const exact = tokens.length === parsePointer(p).length;
          const pos = exact && anchor === "key" && hit.key ? hit.key : hit.value;
          return { file, line: pos.line, column: pos.column + 1, pointer: p };
        }
        if (tokens.length === 0) return { file, line: 1, column: 1, pointer: p };
        tokens = tokens.slice(0, -1);
      }
    },
  };
}
