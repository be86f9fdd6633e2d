import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { diagnosticsMarkdown } from "../scripts/docs.js";
import { ROOT } from "./helpers.js";

describe("docs/diagnostics.md", () => {
  it("is the catalogue as generated (run `npm run docs` if this fails)", () => {
    expect(readFileSync(join(ROOT, "docs/diagnostics.md"), "utf8")).toBe(diagnosticsMarkdown());
  });
});
