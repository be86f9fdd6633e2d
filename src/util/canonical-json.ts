import { escapeJsonControls } from "./controls.js";

/**
 * Canonical JSON text: object keys sorted in code-point order at every depth (array-index keys
 * such as "0" first, in numeric order, as JavaScript objects enumerate them), 2-space indent,
 * LF line ends, a final newline, and DEL, C1, U+2028/2029 and bidi controls as `\uXXXX` escapes (so
 * the text is safe to print; the value is unchanged). Array order is kept. The same value always gives the same bytes
 * on any machine, locale or time zone. Throws TypeError for values JSON cannot represent
 * (NaN, Infinity, functions), which would otherwise be written as `null` silently.
 *
 * The text is exactly `JSON.stringify(value with sorted keys, null, 2)`: `undefined` members are
 * left out and `undefined` array items are `null`; strings and numbers are written by
 * `JSON.stringify` itself, and their controls escaped one literal at a time (only string
 * literals can hold them). It is built in one pass instead of copying the value with sorted keys
 * first.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, "", undefined, out);
  out.push("\n");
  return out.join("");
}

/**
 * The UTF-8 bytes of {@link canonicalJson}`(value)`, for a series of documents that embed the
 * same objects: the text of each object `memo` accepts as shared (a pack's schema, which every
 * tenant's active config embeds) is made once per indent and reused by every document that
 * holds it, so 10,000 active configs write only their own parts. (A memo of every object would
 * cost more in the garbage collector's tables than it saves.) Throws as {@link canonicalJson}.
 */
export function canonicalJsonBytes(value: unknown, memo: CanonicalMemo = canonicalMemo()): Buffer {
  const out: string[] = [];
  write(value, "", memo, out);
  out.push("\n");
  return Buffer.from(out.join(""), "utf8");
}

/** Which objects' texts are worth keeping (immutable ones that many documents embed), and their texts by object and indent (see {@link canonicalJsonBytes}). */
export interface CanonicalMemo {
  shared: (o: object) => boolean;
  texts: Map<object, MemoText>;
}

/** An object's text at the indent it was first written at (where it almost always recurs), and at any other indent. */
interface MemoText {
  indent: string;
  text: string;
  others?: Map<string, string>;
}

/** A memo for a series of {@link canonicalJsonBytes} calls whose values embed the objects `shared` accepts (none by default), which must not change meanwhile. */
export function canonicalMemo(shared: (o: object) => boolean = () => false): CanonicalMemo {
  return { shared, texts: new Map() };
}

/** Literals already made, by string: keys and values repeat across a run's documents. Bounded, so hostile input cannot grow it without end. */
const quoted = new Map<string, string>();
const QUOTED_MAX = 1 << 16;

/** A JSON string literal as `JSON.stringify` writes it, with the controls it leaves raw escaped (see {@link canonicalJson}). */
function quote(s: string): string {
  let q = quoted.get(s);
  if (q === undefined) {
    q = escapeJsonControls(JSON.stringify(s));
    if (quoted.size < QUOTED_MAX && s.length <= 256) quoted.set(s, q);
  }
  return q;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Whether `key` is an array index ("0" to "4294967294" in canonical form), which JavaScript objects always enumerate first. */
const isIndex = (key: string) => {
  const n = Number(key);
  return n >>> 0 === n && n !== 4294967295 && String(n) === key;
};

/**
 * Keys in the order packc's canonical JSON has always had: array-index keys first in numeric
 * order (JavaScript enumerates them first whatever the insertion order, and the first
 * implementation built sorted objects), then the others in code-point order.
 */
function orderedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record); // already array indices first, ascending
  let split = 0;
  while (split < keys.length && isIndex(keys[split]!)) split++;
  return split === 0 ? keys.sort(byCodePoint) : [...keys.slice(0, split), ...keys.slice(split).sort(byCodePoint)];
}

/**
 * Appends the text of `value` at `indent` to `out` as pieces, joined once by the caller: joining
 * at every level copied a deeply nested document's text once per level above it.
 */
function write(value: unknown, indent: string, memo: CanonicalMemo | undefined, out: string[]): void {
  if (value === null) {
    out.push("null");
    return;
  }
  switch (typeof value) {
    case "string":
      out.push(quote(value));
      return;
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`cannot write ${value} as JSON`);
      out.push(JSON.stringify(value));
      return;
    case "boolean":
      out.push(value ? "true" : "false");
      return;
    case "object":
      break;
    default:
      throw new TypeError(`cannot write a ${typeof value} as JSON`);
  }
  const obj = value as object;
  if (memo !== undefined && memo.shared(obj)) {
    const known = memo.texts.get(obj);
    let text = known === undefined ? undefined : known.indent === indent ? known.text : known.others?.get(indent);
    if (text === undefined) {
      const own: string[] = [];
      writeComposite(obj, indent, memo, own);
      text = own.join("");
      if (known === undefined) memo.texts.set(obj, { indent, text });
      else (known.others ??= new Map()).set(indent, text);
    }
    out.push(text);
    return;
  }
  writeComposite(obj, indent, memo, out);
}

function writeComposite(obj: object, indent: string, memo: CanonicalMemo | undefined, out: string[]): void {
  const inner = indent + "  ";
  if (Array.isArray(obj)) {
    if (obj.length === 0) {
      out.push("[]");
      return;
    }
    out.push("[\n");
    for (let i = 0; i < obj.length; i++) {
      out.push(i === 0 ? inner : ",\n" + inner);
      if (obj[i] === undefined) out.push("null"); // holes too
      else write(obj[i], inner, memo, out);
    }
    out.push("\n" + indent + "]");
    return;
  }
  const record = obj as Record<string, unknown>;
  let first = true;
  for (const key of orderedKeys(record)) {
    const v = record[key];
    if (v === undefined) continue;
    out.push(first ? "{\n" + inner : ",\n" + inner, quote(key), ": ");
    first = false;
    write(v, inner, memo, out);
  }
  out.push(first ? "{}" : "\n" + indent + "}");
}
