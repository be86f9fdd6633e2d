import { describe, expect, it } from "vitest";
import { DOMAIN, DOMAIN_CASES } from "./fixtures/domain.js";
import { itReportsAtLine } from "./fixtures/edit.js";
import { compileFiles } from "./helpers.js";

describe("the valid domain fixture", () => {
  it("has no diagnostics at all", () => {
    expect(compileFiles(DOMAIN).diagnostics).toEqual([]);
  });
});

describe.each(DOMAIN_CASES)("%s", (_name, code, files, file, line) => itReportsAtLine(code, files, file, line));
