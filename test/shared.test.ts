import { describe, expect, it } from "vitest";
import { interned, isShared, MAX_INTERNED, share } from "../src/util/shared.js";

describe("shared objects (util/shared.ts)", () => {
  it("share freezes and marks; other objects are not marked", () => {
    const o = share({ a: 1 });
    expect(Object.isFrozen(o)).toBe(true);
    expect(isShared(o)).toBe(true);
    expect(isShared({ a: 1 })).toBe(false);
  });

  it("interned gives one shared object per owner and outcome", () => {
    const cache = new WeakMap<object, Readonly<{ v: string }>[]>();
    const owner = {};
    const get = (v: string) => interned(cache, owner, (o) => o.v === v, () => ({ v }));
    const a = get("x");
    expect(get("x")).toBe(a);
    expect(get("y")).not.toBe(a);
    expect(isShared(a)).toBe(true);
    expect(interned(cache, {}, (o) => o.v === "x", () => ({ v: "x" }))).not.toBe(a); // another owner
  });

  it("past the cap an owner's new outcomes are fresh and unshared, so per-tenant outcomes cannot pile up", () => {
    const cache = new WeakMap<object, Readonly<{ v: number }>[]>();
    const owner = {};
    const get = (v: number) => interned(cache, owner, (o) => o.v === v, () => ({ v }));
    for (let i = 0; i < MAX_INTERNED; i++) get(i);
    const late = get(MAX_INTERNED);
    expect(isShared(late)).toBe(false);
    expect(get(MAX_INTERNED)).not.toBe(late);
    expect(get(0)).toBe(get(0)); // the kept ones are still found
    expect(cache.get(owner)).toHaveLength(MAX_INTERNED);
  });
});
