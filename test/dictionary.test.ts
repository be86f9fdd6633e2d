import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { dictionaryCopy, dictionaryFrom } from "../src/util/dictionary.js";

describe("dictionary objects (hash tables for keys that are data)", () => {
  test.prop([fc.array(fc.tuple(fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "0", "10", "toString")), fc.jsonValue()))])(
    "hold what Object.fromEntries holds, in the same order, with the usual prototype",
    (entries) => {
      const d = dictionaryFrom(entries);
      const o = Object.fromEntries(entries);
      expect(Object.getPrototypeOf(d)).toBe(Object.prototype);
      expect(Object.keys(d)).toEqual(Object.keys(o));
      expect(JSON.stringify(d)).toBe(JSON.stringify(o));
      expect(JSON.stringify(dictionaryCopy(o))).toBe(JSON.stringify(o));
    },
  );

  it("keeps a __proto__ key as an own member instead of setting the prototype", () => {
    const d = dictionaryFrom([["__proto__", { polluted: true }]]);
    expect(Object.hasOwn(d, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(d)).toBe(Object.prototype);
    expect((d as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it("lets a copy gain and lose keys without touching the original", () => {
    const original = Object.freeze({ a: 1, b: 2 });
    const copy = dictionaryCopy<number>(original);
    copy.c = 3;
    delete copy.a;
    expect(copy).toEqual({ b: 2, c: 3 });
    expect(original).toEqual({ a: 1, b: 2 });
  });
});
