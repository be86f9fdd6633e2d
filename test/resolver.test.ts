import { describe, expect, it } from "vitest";
import { buildRegistry } from "../src/dialects/api.js";
import { emptyPack } from "../src/dialects/types.js";
import type { PackVersion } from "../src/model/pack.js";
import { resolve } from "../src/resolve/resolver.js";

function pv(id: string, version: string, requiresCore: string | null, dependencies: Record<string, string> = {}): PackVersion {
  const p = emptyPack("portarium", { id, version, dir: `packs/${id}/${version}`, files: [] }, "pack.manifest.json", "sha256-x");
  return { ...p, requiresCore, dependencies };
}
const ids = (r: ReturnType<typeof resolve>) => (r.ok ? r.packs.map((p) => `${p.id}@${p.version}`).sort() : r.error.kind);

// The seven vectors of Portarium's pack-resolver.test.ts (shared research §2.5), ported.
describe("resolve (Portarium greedy resolver)", () => {
  it("1: picks the highest version whose requiresCore accepts the core", () => {
    const registry = buildRegistry([pv("scm", "1.0.0", ">=1.0.0"), pv("scm", "1.2.0", ">=1.0.0"), pv("scm", "2.0.0", ">=3.0.0")]);
    expect(ids(resolve({ core: "1.5.0", requests: [{ id: "scm", range: "*" }], registry }))).toEqual(["scm@1.2.0"]);
  });

  it("2: resolves transitive dependencies", () => {
    const registry = buildRegistry([pv("scm", "1.0.0", null, { "core.base": ">=2.0.0" }), pv("core.base", "2.0.0", null)]);
    expect(ids(resolve({ core: "1.0.0", requests: [{ id: "scm", range: "*" }], registry }))).toEqual(["core.base@2.0.0", "scm@1.0.0"]);
  });

  it("3: fails on a dependency conflict with an already-resolved pack (no backtracking)", () => {
    const registry = buildRegistry([pv("scm", "1.0.0", null, { "core.base": ">=2.0.0" }), pv("core.base", "1.0.0", null), pv("core.base", "2.0.0", null)]);
    const r = resolve({ core: "1.0.0", requests: [{ id: "core.base", range: "=1.0.0" }, { id: "scm", range: "*" }], registry });
    expect(ids(r)).toBe("conflict");
    expect(!r.ok && r.error.message).toMatch(/resolved to 1\.0\.0 but scm@1\.0\.0 requires >=2\.0\.0/);
  });

  it("4: reports core incompatibility when only incompatible versions satisfy the range", () => {
    const registry = buildRegistry([pv("scm", "1.0.0", ">=2.0.0")]);
    expect(ids(resolve({ core: "1.0.0", requests: [{ id: "scm", range: "*" }], registry }))).toBe("core");
  });

  it("5: reports no satisfying version", () => {
    const registry = buildRegistry([pv("scm", "1.0.0", null)]);
    expect(ids(resolve({ core: "1.0.0", requests: [{ id: "scm", range: ">=2.0.0" }], registry }))).toBe("no-version");
  });

  it("6: rejects a dependency cycle after resolving it", () => {
    const registry = buildRegistry([pv("scm", "1.0.0", null, { "core.base": "*" }), pv("core.base", "1.0.0", null, { scm: "*" })]);
    expect(ids(resolve({ core: "1.0.0", requests: [{ id: "scm", range: "*" }], registry }))).toBe("cycle");
  });

  it("7: does not pull in packs nobody requested", () => {
    const registry = buildRegistry([pv("scm", "1.0.0", null, { "core.base": "*" }), pv("core.base", "1.0.0", null)]);
    expect(ids(resolve({ core: "1.0.0", requests: [{ id: "core.base", range: "*" }], registry }))).toEqual(["core.base@1.0.0"]);
  });

  it("reports an unknown pack", () => {
    expect(ids(resolve({ core: "1.0.0", requests: [{ id: "nope", range: "*" }], registry: buildRegistry([]) }))).toBe("not-found");
  });

  it("honours constraints added before a pack is dequeued (breadth-first)", () => {
    const registry = buildRegistry([pv("app", "1.0.0", null, { lib: "<2.0.0" }), pv("lib", "1.0.0", null), pv("lib", "2.0.0", null)]);
    expect(ids(resolve({ core: "1.0.0", requests: [{ id: "app", range: "*" }, { id: "lib", range: "*" }], registry }))).toEqual(["app@1.0.0", "lib@1.0.0"]);
  });

  it("keeps a preferred (locked) version while it still qualifies", () => {
    const registry = buildRegistry([pv("lib", "1.0.0", null), pv("lib", "1.1.0", null)]);
    const prefer = new Map([["lib", "1.0.0"]]);
    expect(ids(resolve({ core: "1.0.0", requests: [{ id: "lib", range: "^1.0.0" }], registry, prefer }))).toEqual(["lib@1.0.0"]);
    expect(ids(resolve({ core: "1.0.0", requests: [{ id: "lib", range: ">=1.1.0" }], registry, prefer }))).toEqual(["lib@1.1.0"]);
  });
});
