import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { positionAt, scanJsonKeys } from "../src/load/json-keys.js";
import { LineCounter } from "yaml";

// A JSON value as written: objects are lists of [key, value] pairs, so a key may repeat.
type Written = null | number | string | Written[] | { pairs: [string, Written][] };
const key = fc.constantFrom("a", "b", "\\u0061", "__proto__", "é", 'q\\"');
const { tree } = fc.letrec<{ tree: Written }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.integer(),
    fc.constantFrom("a", "x,y", "{[", '\\"}'),
    fc.array(tie("tree"), { maxLength: 3 }),
    fc.record({ pairs: fc.array(fc.tuple(key, tie("tree")), { maxLength: 4 }) }),
  ),
}));

function write(v: Written, space: boolean): string {
  if (v === null || typeof v === "number") return String(v);
  if (typeof v === "string") return `"${v}"`;
  if (Array.isArray(v)) return `[${v.map((x) => write(x, space)).join(space ? ", " : ",")}]`;
  return `{${v.pairs.map(([k, x]) => `${space ? "\n  " : ""}"${k}":${space ? " " : ""}${write(x, space)}`).join(",")}}`;
}

/** The keys a repeated-key check must report, in text order: decoded names seen before in the same object. */
function expected(v: Written, out: { dup: string[]; proto: number }): void {
  if (Array.isArray(v)) v.forEach((x) => expected(x, out));
  else if (v !== null && typeof v === "object") {
    const seen = new Set<string>();
    for (const [k, x] of v.pairs) {
      const name = JSON.parse(`"${k}"`) as string;
      if (seen.has(name)) out.dup.push(name);
      seen.add(name);
      if (name === "__proto__") out.proto++;
      expected(x, out);
    }
  }
}

describe("scanJsonKeys", () => {
  test.prop([tree, fc.boolean()], { numRuns: 500 })("reports exactly the repeated keys of every object, decoded, and every flagged key", (v, space) => {
    const text = write(v, space);
    JSON.parse(text); // the scanner runs only on valid JSON
    const want = { dup: [] as string[], proto: 0 };
    expected(v, want);
    const got = scanJsonKeys(text, new Set(["__proto__"]));
    expect(got.duplicates.map((k) => k.name)).toEqual(want.dup);
    expect(got.flagged).toHaveLength(want.proto);
    for (const k of [...got.duplicates, ...got.flagged]) expect(text[k.offset]).toBe('"');
  });

  test.prop([fc.string({ unit: fc.constantFrom("a", "\n", "\r", " "), maxLength: 60 }), fc.nat()])("positionAt agrees with the yaml library's LineCounter", (text, n) => {
    const lc = new LineCounter();
    lc.addNewLine(0);
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lc.addNewLine(i + 1);
    const offset = n % (text.length + 1);
    const p = lc.linePos(offset);
    expect(positionAt(text, offset)).toEqual({ line: p.line, column: p.col });
  });
});
