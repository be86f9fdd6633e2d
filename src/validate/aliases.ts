import { isRecord } from "../dialects/pack-files.js";
import type { SourceDoc } from "../load/source-doc.js";
import { parsePointer, pointer } from "../util/json-pointer.js";
import { schemaJson, type SchemaName } from "./schemas.js";

/** A key written twice, once in camelCase and once in snake_case (both original pointers). */
export interface AliasClash {
  /** Pointer of the spelling that was dropped (the later one in the file). */
  pointer: string;
  /** The canonical camelCase key both spellings stand for. */
  key: string;
}

/** A number written as a string, which pydantic's lax mode reads as the number (`"3"`, `"0.5"`). */
export interface LaxNumber {
  /** Canonical pointer of the value. */
  pointer: string;
  /** The string as written. */
  text: string;
  /** What the schema wants there. */
  type: "integer" | "number";
}

/** A document seen through its canonical key spellings. */
export interface AliasView {
  /** Reads canonical pointers; `locate` answers with the file's own keys and positions. */
  doc: SourceDoc;
  clashes: AliasClash[];
  /** Strings the view holds as numbers, as pydantic's lax mode reads them. */
  lax: LaxNumber[];
}

/** What pydantic's lax mode accepts as an int from a string: optional sign and digits, surrounding whitespace stripped. */
export const LAX_INTEGER = /^\s*[+-]?\d+\s*$/;
/** What it accepts as a float from a string: a decimal or exponent literal, whitespace stripped (inf and nan left out). */
export const LAX_NUMBER = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** `humanApprovalThreshold` → `human_approval_threshold`, `dataTTL` → `data_ttl`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

type Schema = Record<string, unknown>;

/**
 * Accepts the snake_case spelling of every camelCase property a schema declares, as pydantic's
 * `populate_by_name` does for the exception platform's models (shared research §4.2). Walks the
 * value alongside the schema (`properties`, `additionalProperties`, `items`, `$ref`), renaming
 * only keys in positions where the schema names properties; keys of free maps (tool names,
 * step parameters) are never touched. The returned view's `value` has canonical keys and its
 * `locate` maps canonical pointers back to the file's own keys, so every diagnostic still points
 * at the line the user wrote. A key spelled both ways is reported in `clashes`; the first
 * spelling in the file wins. A string where the schema wants an integer or a number, written as
 * one (`"3"`, `"0.5"`), is held as that number and listed in `lax`: pydantic's lax mode (the
 * exception platform's models) accepts it, so packc does too, with a warning. Pure.
 */
export function aliasView(doc: SourceDoc, schema: SchemaName): AliasView {
  const map = new Map<string, string>([["", ""]]);
  const clashes: AliasClash[] = [];
  const lax: LaxNumber[] = [];
  const walk = (value: unknown, s: Schema | undefined, home: SchemaName, orig: (string | number)[], canon: (string | number)[]): unknown => {
    if (!s) return value;
    [s, home] = deref(s, home);
    if (isRecord(value)) {
      const props = isRecord(s.properties) ? (s.properties as Record<string, Schema>) : null;
      const extra = isRecord(s.additionalProperties) ? (s.additionalProperties as Schema) : undefined;
      const bySnake = new Map(Object.keys(props ?? {}).map((k) => [snakeCase(k), k]));
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        const name = props && !(key in props) ? (bySnake.get(key) ?? key) : key;
        const o = [...orig, key];
        if (Object.hasOwn(out, name)) {
          clashes.push({ pointer: pointer(o), key: name });
          continue;
        }
        const c = [...canon, name];
        map.set(pointer(c), pointer(o));
        out[name] = walk(child, props?.[name] ?? extra, home, o, c);
      }
      return out;
    }
    if (Array.isArray(value)) {
      const items = isRecord(s.items) ? (s.items as Schema) : undefined;
      return value.map((child, i) => {
        const o = [...orig, i];
        const c = [...canon, i];
        map.set(pointer(c), pointer(o));
        return walk(child, items, home, o, c);
      });
    }
    if (typeof value === "string" && (s.type === "integer" || s.type === "number") && (s.type === "integer" ? LAX_INTEGER : LAX_NUMBER).test(value)) {
      lax.push({ pointer: pointer(canon), text: value, type: s.type });
      return Number(value.trim());
    }
    return value;
  };
  const value = walk(doc.value, schemaJson(schema), schema, [], []);
  const translate = (p: string): string => {
    const tokens = parsePointer(p);
    for (let i = tokens.length; i >= 0; i--) {
      const hit = map.get(pointer(tokens.slice(0, i)));
      if (hit !== undefined) return hit + pointer(tokens.slice(i));
    }
    return p;
  };
  return { doc: { file: doc.file, value, locate: (p, anchor) => doc.locate(translate(p), anchor) }, clashes, lax };
}

function deref(s: Schema, home: SchemaName): [Schema, SchemaName] {
  while (typeof s.$ref === "string") {
    const [file, frag = ""] = s.$ref.split("#");
    if (file) home = file.replace(/\.schema\.json$/, "") as SchemaName;
    let target: unknown = schemaJson(home);
    for (const t of parsePointer(frag)) target = isRecord(target) ? target[t] : undefined;
    if (!isRecord(target)) return [{}, home];
    s = target;
  }
  return [s, home];
}
