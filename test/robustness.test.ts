import { describe, expect } from "vitest";
import { test, fc } from "@fast-check/vitest";
import { canonicalJson } from "../src/util/canonical-json.js";
import { DOMAIN } from "./fixtures/domain.js";
import { MINI } from "./fixtures/mini.js";
import { PLATFORM } from "./fixtures/platform.js";
import { compileFiles, type Files } from "./helpers.js";

const mini: Files = (() => {
  const out = { ...MINI };
  for (const t of compileFiles(MINI, { mode: "lock" }).tenants) if (t.lockfile) out[t.tenant.lockFile] = canonicalJson(t.lockfile);
  return out;
})();

describe.each([
  ["Cordum and Portarium", mini],
  ["domain and tenant pack", DOMAIN],
  ["MAPLE platform pack (TOML)", PLATFORM],
])("bad input never crashes the pipeline (%s fixture)", (_name, base) => {
  const names = Object.keys(base).sort();
  test.prop([fc.constantFrom(...names), fc.nat(), fc.string({ maxLength: 8 })], { numRuns: 300 })(
    "any file cut at any point, with junk appended, gives diagnostics with positions and no exception",
    (file, cut, junk) => {
      const text = base[file]!;
      const files = { ...base, [file]: text.slice(0, cut % (text.length + 1)) + junk };
      for (const mode of ["check", "lock"] as const) {
        const r = compileFiles(files, { mode });
        for (const d of r.diagnostics) {
          expect(d.line).toBeGreaterThan(0);
          expect(d.column).toBeGreaterThan(0);
          expect(typeof d.pointer).toBe("string");
        }
      }
    },
  );
});
