import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import semver from "semver";
import { isPortariumRange, portariumEquivalent } from "../src/dialects/portarium/range.js";
import { edit, locked } from "./fixtures/edit.js";
import { MINI } from "./fixtures/mini.js";
import { compileFiles } from "./helpers.js";

// Portarium's manifest ranges are comparators only (its parseSemVerRange); npm's sugar is a
// parse error there. packc reports it (PK245) with the equivalent comparators as the hint.

describe("Portarium's range grammar", () => {
  it("accepts comparators written directly before a full version, a bare version, * and nothing", () => {
    for (const r of ["", "*", "1.2.3", "=1.2.3", ">=1.0.0 <2.0.0", ">1.0.0-beta.1", "<=2.0.0+build.5", "  >=1.0.0   <=1.9.9 "]) expect(isPortariumRange(r), r).toBe(true);
  });

  it("rejects npm's caret, tilde, x-ranges, hyphen ranges, alternatives, partial versions and a space after the operator", () => {
    for (const r of ["^1.0.0", "~1.0.0", "1.x", "1.0.0 - 2.0.0", ">=1.0.0 || >=3.0.0", "1.0", ">= 1.0.0", "v1.0.0", ">=01.0.0"]) expect(isPortariumRange(r), r).toBe(false);
  });

  it("gives the equivalent comparators as the hint, and none for alternatives", () => {
    expect(portariumEquivalent("^1.2.0")).toBe(">=1.2.0 <2.0.0");
    expect(portariumEquivalent("~1.2.0")).toBe(">=1.2.0 <1.3.0");
    expect(portariumEquivalent("1.x")).toBe(">=1.0.0 <2.0.0");
    expect(portariumEquivalent(">= 1.0.0")).toBe(">=1.0.0");
    expect(portariumEquivalent("1.0.0 - 2.0.0")).toBe(">=1.0.0 <2.0.1");
    expect(portariumEquivalent("^1.0.0 || ^3.0.0")).toBeNull();
  });

  const version = fc.tuple(fc.nat(4), fc.nat(4), fc.nat(4)).map(([a, b, c]) => `${a}.${b}.${c}`);
  const npmRange = fc.oneof(
    version.map((v) => `^${v}`),
    version.map((v) => `~${v}`),
    fc.tuple(fc.nat(4), fc.nat(4)).map(([a, b]) => `${a}.${b}.x`),
    fc.nat(4).map((a) => `${a}.x`),
    fc.tuple(version, version).map(([a, b]) => `${a} - ${b}`),
    version.map((v) => `>= ${v}`),
  );
  test.prop([npmRange, version])("the hint admits exactly the release versions the npm range admits", (range, v) => {
    const equivalent = portariumEquivalent(range);
    expect(equivalent).not.toBeNull();
    expect(isPortariumRange(equivalent!)).toBe(true);
    expect(semver.satisfies(v, equivalent!, { includePrerelease: true })).toBe(semver.satisfies(v, range, { includePrerelease: true }));
  });
});

describe("a Portarium manifest range in npm syntax", () => {
  const MANIFEST = "packs/p.base/1.0.0/pack.manifest.json";
  it("is PK245 at the range, with the equivalent as the hint (portarium-range-npm-caret)", () => {
    const r = compileFiles(locked(edit(MINI, MANIFEST, '">=1.0.0 <2.0.0"', '"^1.0.0"')));
    const hits = r.diagnostics.filter((d) => d.code === "PK245");
    expect(hits.map((d) => `${d.severity} ${d.file}:${d.line} ${d.hint}`)).toEqual([`error ${MANIFEST}:6 write ">=1.0.0 <2.0.0"`]);
  });

  it("is not reported for comparators (portarium-range-comparators)", () => {
    expect(compileFiles(locked(MINI)).diagnostics).toEqual([]);
  });
});
