import { describe, expect, it } from "vitest";
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bundles } from "../scripts/build.js";
import { GENERATED, validatorsSource } from "../scripts/validators.js";
import { ROOT } from "./helpers.js";

describe("the committed dist/ bundles", () => {
  it.each(bundles.map((b) => [b.outfile, b] as const))("%s is exactly what a fresh build of src/ produces (run `npm run build` and commit dist/ if this fails)", async (outfile, options) => {
    const fresh = await build({ ...options, write: false });
    const text = new TextDecoder().decode(fresh.outputFiles[0]!.contents);
    expect(text === readFileSync(join(ROOT, outfile), "utf8")).toBe(true);
  });
});

describe("packc's schemas compiled ahead of time", () => {
  it("are exactly what the schemas compile to now (run `npm run build` and commit if this fails)", () => {
    expect(validatorsSource() === readFileSync(join(ROOT, GENERATED), "utf8")).toBe(true);
  });
});
