import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from "yaml";
import type { Location } from "../diagnostics/types.js";
import { parsePointer } from "../util/json-pointer.js";

/** Which part of a mapping entry a location should name. */
export type Anchor = "key" | "value";

/**
 * A parsed document that remembers where every key and value came from, so any stage can turn
 * a JSON pointer into `file:line:column` without reparsing (positions computed once).
 */
export interface SourceDoc {
  /** Repository-relative path with `/` separators. */
  readonly file: string;
  /** The plain JSON-compatible value; `undefined` when the file failed to parse. */
  readonly value: unknown;
  /**
   * The location of `pointer` in this file. For a pointer that does not exist (a missing
   * required key), the deepest existing ancestor is named. `anchor` picks the key or the value
   * of a mapping entry; default `value`.
   */
  locate(pointer: string, anchor?: Anchor): Location;
}

let positionParses = 0;

/**
 * How many documents this process has parsed for positions: zero for a repository without
 * diagnostics, which is what keeps a clean run at the cost of one parse per file. A test holds it.
 */
export function positionParseCount(): number {
  return positionParses;
}

/**
 * A SourceDoc for YAML or JSON `text` whose positions are computed only when first asked for:
 * the first `locate` parses the text with the `yaml` library (JSON is a subset of YAML 1.2
 * flow syntax) and keeps that Document; until then only the text is held, or a function that
 * gives it again (from the file's bytes, which are kept anyway: a string copy of every file on
 * the heap made garbage collection slower). A clean file is never parsed for positions, and no
 * file keeps its syntax tree alive unless a diagnostic needed it.
 */
export function yamlSourceDoc(file: string, value: unknown, text: string | (() => string)): SourceDoc {
  let positions: { doc: Document; lc: LineCounter } | undefined;
  return {
    file,
    value,
    locate(pointer, anchor = "value") {
      if (!positions) {
        positionParses++;
        const lc = new LineCounter();
        positions = { doc: parseDocument(typeof text === "string" ? text : text(), { lineCounter: lc, uniqueKeys: false, version: "1.2", prettyErrors: false, keepSourceTokens: false }), lc };
      }
      const pos = positions.lc.linePos(offsetOf(positions.doc, parsePointer(pointer), anchor));
      return { file, line: pos.line, column: pos.col, pointer };
    },
  };
}

/** A SourceDoc for a file that has no parsed structure (binary, unreadable): everything is 1:1. */
export function flatSourceDoc(file: string, value: unknown = undefined): SourceDoc {
  return { file, value, locate: (pointer) => ({ file, line: 1, column: 1, pointer }) };
}

function offsetOf(doc: Document, tokens: string[], anchor: Anchor): number {
  let node: unknown = doc.contents;
  let pair: Pair | undefined;
  let best = rangeStart(node) ?? 0;
  for (const [i, token] of tokens.entries()) {
    const last = i === tokens.length - 1;
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    pair = undefined;
    if (isMap(node)) {
      pair = keyIndex(node).get(token);
      if (!pair) return best;
      next = pair.value;
      if (last && anchor === "key") return rangeStart(pair.key) ?? best;
    } else if (isSeq(node)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) return best;
      next = node.items[Number(token)];
      if (next === undefined) return best;
    } else {
      return best;
    }
    // `key:` with no value has a null node without a range: name the key instead.
    best = rangeStart(next) ?? (pair ? rangeStart(pair.key) : undefined) ?? best;
    node = next;
  }
  return best;
}

/** Each mapping's pairs by key text, built on the first lookup, so locating N pointers in a mapping of N keys is linear, not quadratic. */
const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();

function keyIndex(map: YAMLMap): Map<string, Pair> {
  let index = indexes.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      const k = isPair(p) ? keyText(p.key) : undefined;
      if (k !== undefined && !index.has(k)) index.set(k, p as Pair);
    }
    indexes.set(map, index);
  }
  return index;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === "string" ? key : undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}
