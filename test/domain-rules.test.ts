import { describe, expect, it } from "vitest";
import { DOMAIN, DOMAIN_CASES } from "./fixtures/domain.js";
import { compileFiles } from "./helpers.js";

describe("the valid domain fixture", () => {
  it("has no diagnostics at all", () => {
    expect(compileFiles(DOMAIN).diagnostics).toEqual([]);
  });
});

describe.each(DOMAIN_CASES)("%s", (_name, code, files, file, line) => {
  it(`reports ${code} at the offending line`, () => {
    const r = compileFiles(files());
    const hits = r.diagnostics.filter((d) => d.code === code);
    const want = typeof line === "function" ? line() : line;
    expect(hits.map((d) => `${d.file}:${d.line}`), JSON.stringify(r.diagnostics, null, 1)).toContain(`${file}:${want}`);
  });
});
