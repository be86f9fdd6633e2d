import { describe, expect, it } from "vitest";
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { join, relative } from "node:path";
import { bundles, declarationsText, DECLARATIONS, NOTICES } from "../scripts/build.js";
import { noticesText } from "../scripts/notices.js";
import { GENERATED, validatorsSource } from "../scripts/validators.js";
import { ROOT } from "./helpers.js";

describe("the committed dist/ bundles", () => {
  const built = Promise.all(bundles.map((options) => build({ ...options, write: false })));
  it.each(bundles.map((b) => [b.outfile, b] as const))("%s and its source map are exactly what a fresh build of src/ produces (run `npm run build` and commit dist/ if this fails)", async (outfile) => {
    const fresh = (await built)[bundles.findIndex((b) => b.outfile === outfile)]!;
    const files = fresh.outputFiles.map((f) => relative(ROOT, f.path).split("\\").join("/")).sort();
    expect(files).toEqual([outfile, `${outfile}.map`]);
    for (const f of fresh.outputFiles) expect(f.text === readFileSync(f.path, "utf8"), relative(ROOT, f.path)).toBe(true);
  });

  it(`${NOTICES} names every package bundled into them, with its license (run \`npm run build\` if this fails)`, async () => {
    const text = noticesText(ROOT, (await built).map((r) => r.metafile!));
    expect(text === readFileSync(join(ROOT, NOTICES), "utf8")).toBe(true);
    for (const name of ["yaml", "ajv", "semver", "commander", "tar", "minipass", "fflate"]) expect(text).toMatch(new RegExp(`^## ${name} \\d`, "m"));
  });

  it(`${DECLARATIONS} is exactly what the API's sources declare (run \`npm run build\` if this fails)`, async () => {
    expect((await declarationsText()) === readFileSync(join(ROOT, DECLARATIONS), "utf8")).toBe(true);
  }, 60_000);
});

describe("packc's schemas compiled ahead of time", () => {
  it("are exactly what the schemas compile to now (run `npm run build` and commit if this fails)", () => {
    expect(validatorsSource() === readFileSync(join(ROOT, GENERATED), "utf8")).toBe(true);
  });
});

describe("an internal error", () => {
  it("is reported with its stack mapped to src/ through the bundle's source map", () => {
    // A defect injected below packc: the 20th sha256 throws (a preload replaces node:crypto's createHash).
    const inject = join(mkdtempSync(join(tmpdir(), "packc-inject-")), "inject.mjs");
    writeFileSync(inject, 'import crypto from "node:crypto";\nimport { syncBuiltinESMExports } from "node:module";\nconst original = crypto.createHash;\nlet calls = 0;\ncrypto.createHash = (...a) => { if (++calls === 20) throw new TypeError("injected defect"); return original(...a); };\nsyncBuiltinESMExports();\n');
    const r = spawnSync(process.execPath, ["--import", pathToFileURL(inject).href, join(ROOT, "bin/packc.js"), "check", "--no-cache", "--repo", ROOT], { encoding: "utf8" });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("internal error (a bug in packc");
    expect(r.stderr).toMatch(/at sha256Hex \(src\/util\/digest\.ts:\d+:\d+\)/);
    expect(r.stderr).not.toMatch(/dist\/cli\.js:\d+/);
  });
});
