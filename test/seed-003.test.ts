import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { ROOT, checkJson } from "./helpers.js";

// Seed 003's pack copied verbatim: packc follows the real Cordum runtime and must point at each
// seed-style mistake (shared research §1.11) at its exact line.
describe("seed 003 pack copied verbatim", () => {
  const r = checkJson(join(ROOT, "test/repos/seed-003-verbatim"));
  const at = (code: string) => r.diagnostics.filter((d) => d.code === code).map((d) => `${d.file.split("/").pop()}:${d.line}:${d.column}`);

  it("fails check with exit 1", () => {
    expect(r.code).toBe(1);
  });

  it("reports the integer policy version at line 1", () => {
    expect(at("PK502")).toEqual(["policy.fragment.yaml:1:10"]);
  });

  it("reports every singular match.topic at its key", () => {
    expect(at("PK501")).toEqual(["policy.fragment.yaml:12:7", "policy.fragment.yaml:17:7", "policy.fragment.yaml:22:7"]);
  });

  it("warns that the tenant allow list is inert once rules exist", () => {
    expect(at("PK503")).toEqual(["policy.fragment.yaml:6:5"]);
  });

  it("reports workflow `after` and schema ids given as inline schemas", () => {
    expect(at("PK216")).toEqual(["incident_enrich.yaml:20:5", "incident_enrich.yaml:33:5"]);
    expect(at("PK217")).toEqual(["incident_enrich.yaml:4:1", "incident_enrich.yaml:15:5", "incident_enrich.yaml:28:5", "incident_enrich.yaml:43:5"]);
  });

  it("reports step outputs read without a dependency, the consequence of the dropped `after`", () => {
    expect(at("PK214")).toEqual(["incident_enrich.yaml:27:17", "incident_enrich.yaml:41:17", "incident_enrich.yaml:42:16"]);
  });

  it("gives every diagnostic a file, line, column, pointer and hint", () => {
    for (const d of r.diagnostics) {
      expect(d.file).toMatch(/^packs\/incident-enricher\/0\.1\.0\//);
      expect(d.line).toBeGreaterThan(0);
      expect(d.column).toBeGreaterThan(0);
      expect(typeof d.pointer).toBe("string");
      expect(d.hint).toBeTruthy();
    }
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
