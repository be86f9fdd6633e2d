import { describe, expect, it } from "vitest";
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildOptions } from "../scripts/build.js";
import { ROOT } from "./helpers.js";

describe("the committed dist/ bundle", () => {
  it("is exactly what a fresh build of src/ produces (run `npm run build` and commit dist/ if this fails)", async () => {
    const fresh = await build({ ...buildOptions, write: false });
    const text = new TextDecoder().decode(fresh.outputFiles[0]!.contents);
    expect(text === readFileSync(join(ROOT, "dist/cli.js"), "utf8")).toBe(true);
  });
});
