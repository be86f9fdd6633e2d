import { describe, expect } from "vitest";
import { test, fc } from "@fast-check/vitest";
import jsonMergePatch from "json-merge-patch";
import { composeConfig } from "../src/compose/config.js";
import { mergePatch } from "../src/compose/merge-patch.js";
import { emptyPack } from "../src/dialects/types.js";
import { canonicalJson, canonicalJsonBytes, canonicalMemo } from "../src/util/canonical-json.js";
import { escapeJsonControls } from "../src/util/controls.js";

const key = fc.string({ minLength: 1, maxLength: 6 }).filter((k) => !["__proto__", "constructor", "prototype"].includes(k));
const leaf = fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.boolean(), fc.constant(null));
const { json } = fc.letrec((tie) => ({
  json: fc.oneof({ depthSize: "small" }, leaf, fc.array(leaf, { maxLength: 3 }), fc.dictionary(key, tie("json"), { maxKeys: 4 })),
}));
const object = fc.dictionary(key, json, { maxKeys: 5 });

function apply(target: Record<string, unknown>, patch: Record<string, unknown>) {
  const pack = { ...emptyPack("cordum", { id: "p", version: "1.0.0", dir: "packs/p/1.0.0", files: [] }, "pack.yaml", "sha256-x"), configOverlays: [{ name: "pools", key: "pools" as const, file: "f", patch }] };
  return composeConfig({ pools: target }, [pack]).config.pools as Record<string, unknown>;
}

function shuffleKeys(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return v.map((x) => shuffleKeys(x, seed));
  if (v === null || typeof v !== "object") return v;
  const entries = Object.entries(v);
  const rotated = entries.slice(seed % Math.max(entries.length, 1)).concat(entries.slice(0, seed % Math.max(entries.length, 1))).reverse();
  return Object.fromEntries(rotated.map(([k, x]) => [k, shuffleKeys(x, seed + 1)]));
}

describe("JSON merge patch composition (RFC 7396 laws)", () => {
  test.prop([object, object])("is idempotent: applying a patch twice equals applying it once", (target, patch) => {
    const once = apply(target, patch);
    expect(apply(once, patch)).toEqual(once);
  });

  test.prop([object, object])("never mutates the base config or the patch", (target, patch) => {
    const before = JSON.stringify([target, patch]);
    apply(target, patch);
    expect(JSON.stringify([target, patch])).toBe(before);
  });

  test.prop([json, json], { numRuns: 500 })("is exactly what the json-merge-patch library makes of copies of both sides, key order included", (target, patch) => {
    const want = jsonMergePatch.apply(structuredClone(target), structuredClone(patch));
    const got = mergePatch(target, patch);
    expect(JSON.stringify(got)).toBe(JSON.stringify(want));
    expect(JSON.stringify(mergePatch(got, patch))).toBe(JSON.stringify(jsonMergePatch.apply(structuredClone(want), structuredClone(patch))));
  });

  test.prop([object, object])("shares what the patch leaves alone instead of copying it", (target, patch) => {
    const out = mergePatch(target, patch) as Record<string, unknown>;
    for (const [k, v] of Object.entries(target)) if (!Object.hasOwn(patch, k)) expect(out[k]).toBe(v);
  });

  test.prop([object, object])("sets every non-null patch leaf and deletes null keys", (target, patch) => {
    const out = apply(target, patch);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) expect(Object.hasOwn(out, k)).toBe(false);
      else if (typeof v !== "object" || Array.isArray(v)) expect(out[k]).toEqual(v);
    }
  });
});

describe("canonical JSON", () => {
  test.prop([json, fc.nat(10)])("does not depend on key insertion order", (value, seed) => {
    expect(canonicalJson(shuffleKeys(value, seed))).toBe(canonicalJson(value));
  });

  test.prop([json])("round-trips through JSON.parse", (value) => {
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  test.prop([fc.anything({ withObjectString: false, withNullPrototype: false, withBoxedValues: false, withMap: false, withSet: false, withDate: false, withTypedArray: false, withSparseArray: true, withBigInt: false, values: [fc.string(), fc.constantFrom("0", "1", "10", "01", "-1", "4294967295", "4294967294"), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.constant(undefined)], key: fc.oneof(fc.string(), fc.constantFrom("0", "1", "10", "01", "-1", "4294967295", "4294967294", "a", "")) }).filter((v) => v !== undefined)], { numRuns: 300 })(
    "is exactly JSON.stringify of the value with sorted keys, 2-space indent; its bytes too, also with a memo over repeated objects",
    (value) => {
      const sorted = (v: unknown): unknown => {
        if (Array.isArray(v)) return Array.from(v, (x) => (x === undefined ? null : sorted(x)));
        if (v === null || typeof v !== "object") return v;
        const o = v as Record<string, unknown>;
        return Object.fromEntries(Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).filter((k) => o[k] !== undefined).map((k) => [k, sorted(o[k])]));
      };
      const want = escapeJsonControls(JSON.stringify(sorted(value), null, 2)) + "\n";
      expect(canonicalJson(value)).toBe(want);
      expect(canonicalJsonBytes(value).toString("utf8")).toBe(want);
      const twice = { a: value, b: [value, { c: value }] };
      const memo = canonicalMemo((o) => o === value);
      const wantTwice = escapeJsonControls(JSON.stringify(sorted(twice), null, 2)) + "\n";
      for (let i = 0; i < 3; i++) expect(canonicalJsonBytes(twice, memo).toString("utf8")).toBe(wantTwice);
    },
  );

  test.prop([fc.constantFrom(NaN, Infinity, -Infinity)])("refuses numbers JSON cannot hold instead of writing null", (n) => {
    expect(() => canonicalJson({ n })).toThrow(TypeError);
  });
});
