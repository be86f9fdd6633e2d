import { describe, expect, it } from "vitest";
import { CONFORMANCE_CASES, PLATFORM, PLATFORM_CASES } from "./fixtures/platform.js";
import { edit, itReportsAtLine, lineOf } from "./fixtures/edit.js";
import { compileFiles } from "./helpers.js";

describe("the valid platform fixture (the repository's three canonical packs)", () => {
  const r = compileFiles(PLATFORM);
  it("has no diagnostics at all", () => {
    expect(r.diagnostics).toEqual([]);
  });

  it("passes every conformance test of each profile, skips none", () => {
    for (const t of r.tenants) {
      const platform = t.activeConfig!.platform as { conformant: boolean; conformance: { test: string; status: string }[] };
      expect(platform.conformant).toBe(true);
      expect(platform.conformance.filter((c) => c.status !== "passed")).toEqual([]);
    }
  });
});

describe.each(PLATFORM_CASES)("%s", (_name, code, files, file, line) => itReportsAtLine(code, files, file, line));

describe.each(CONFORMANCE_CASES)("conformance test %s", (test, file, from, to, needle) => {
  it("fails with PK630 at the value that decides it", () => {
    const files = edit(PLATFORM, file, from, to);
    const hits = compileFiles(files).diagnostics.filter((d) => d.code === "PK630" && d.message.includes(`conformance test ${test} `));
    expect(hits.map((d) => `${d.file}:${d.line}`)).toEqual([`${file}:${lineOf(files[file]!, needle.replace(/^\n/, ""))}`]);
  });
});
