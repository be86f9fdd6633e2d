import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "src");

/** Every relative import of a source folder's files, as `file: specifier`. */
function imports(folder: string): string[] {
  return readdirSync(join(SRC, folder))
    .filter((f) => f.endsWith(".ts"))
    .flatMap((f) => [...readFileSync(join(SRC, folder, f), "utf8").matchAll(/from "(\.\.?\/[^"]+)"/g)].map((m) => `${f}: ${m[1]}`));
}

/** A dialect import other than the interface files. */
const dialectInternal = (spec: string) => spec.includes("/dialects/") && !/\/dialects\/(api|types)\.js$/.test(spec);

describe("layering", () => {
  it("pipeline/ reaches dialects only through their interface (dialects/api.ts and dialects/types.ts)", () => {
    const found = imports("pipeline").filter((i) => i.includes("/dialects/"));
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter(dialectInternal)).toEqual([]);
  });

  it("the layering check sees a dialect-internal import when one is there", () => {
    expect(["../dialects/cordum/policy-lint.js", "../dialects/domain/activation.js", "../dialects/api.js", "../dialects/types.js"].map(dialectInternal)).toEqual([true, true, false, false]);
  });
});
