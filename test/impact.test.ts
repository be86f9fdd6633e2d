import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { affected, type ImpactModel } from "../src/impact/affected.js";
import { canonicalJson } from "../src/util/canonical-json.js";
import type { CompileResult } from "../src/pipeline/compile.js";
import { EDITS, lockedRepo, model } from "./fixtures/edits.js";
import { compileFiles, memoryWorkspace, ownRepo } from "./helpers.js";
import { cachedModel } from "../src/cache/model-memo.js";
import { memoryCache } from "../src/cache/store.js";
import { impactModel } from "../src/impact/model.js";

const outside = (path: string, impact: { packs: ReadonlySet<string>; tenants: ReadonlySet<string> }) => {
  const [top, id] = path.split("/");
  return (top === "packs" && !impact.packs.has(id!)) || (top === "tenants" && !impact.tenants.has(id!));
};

/** Everything a run says about the parts `keep` accepts: diagnostics by file, and each kept tenant's lockfile and active config. */
function seen(r: CompileResult, keep: (path: string) => boolean): string[] {
  return [
    ...r.diagnostics.filter((d) => keep(d.file)).map((d) => `${d.code} ${d.file}:${d.line}:${d.column} ${d.message}`),
    ...r.tenants.filter((t) => keep(t.tenant.dir)).map((t) => `${t.tenant.id} ${canonicalJson(t.lockfile)} ${canonicalJson(t.candidate)}`),
  ].sort();
}

describe("impact analysis (what a change can reach)", () => {
  test.prop(
    [
      fc.record({ packs: fc.integer({ min: 8, max: 14 }), versions: fc.integer({ min: 1, max: 3 }), tenants: fc.integer({ min: 3, max: 10 }) }),
      fc.constantFrom(...EDITS),
      fc.nat(),
    ],
    { numRuns: 40 },
  )("leaves every pack and tenant outside what it computes compiling to the same lockfile, active config and diagnostics", (size, edit, pick) => {
    const before = lockedRepo(size.packs, size.versions, size.tenants);
    const { files: after, changed } = edit(before, pick);
    const impact = affected(changed, [model(before), model(after)]);
    expect(impact.all).toBe(false);
    const keep = (path: string) => outside(path, impact);
    expect(seen(compileFiles(after), keep)).toEqual(seen(compileFiles(before), keep));
  });

  it("reaches everything from packc.yaml or a base document, and nothing from a file packc does not read", () => {
    const files = ownRepo();
    const m = model(files);
    expect(affected(["packc.yaml"], [m]).all).toBe(true);
    for (const base of m.baseDocuments) expect(affected([base], [m]).all).toBe(true);
    expect(affected(["packs/stray.txt"], [m]).all).toBe(true);
    const none = affected(["README.md", ".github/workflows/ci.yml", "docs/x.md"], [m]);
    expect(none).toEqual({ all: false, packs: new Set(), tenants: new Set() });
  });

  it("follows dependencies on either side of the change, and the tenants that request a dependent", () => {
    const side = (deps: string[]): ImpactModel => ({
      baseDocuments: [],
      packs: [
        { id: "core", dependsOn: [] },
        { id: "mid", dependsOn: deps },
        { id: "top", dependsOn: ["mid"] },
        { id: "other", dependsOn: [] },
      ],
      tenants: [
        { id: "t-top", uses: ["top"] },
        { id: "t-other", uses: ["other"] },
      ],
    });
    // `mid` stops depending on `core` in the change: the tenant of `top` is still reached.
    const impact = affected(["packs/core/1.0.0/pack.manifest.json"], [side(["core"]), side([])]);
    expect([...impact.packs].sort()).toEqual(["core", "mid", "top"]);
    expect([...impact.tenants]).toEqual(["t-top"]);
    expect([...affected(["tenants/t-other/packs.lock.json"], [side([])]).tenants]).toEqual(["t-other"]);
    expect([...affected(["packs/other/lifecycle.yaml"], [side([])]).tenants]).toEqual(["t-other"]);
  });
});

describe("the impact model kept whole in a cache", () => {
  /** The workspace of `files`, inserted in the order `order` shuffles them into. */
  const shuffled = (files: Record<string, string>, order: number[]) => {
    const paths = Object.keys(files);
    const keyed = paths.map((p, i) => [order[i % order.length]! * paths.length + i, p] as const).sort((a, b) => a[0] - b[0]);
    return memoryWorkspace(Object.fromEntries(keyed.map(([, p]) => [p, files[p]!])));
  };

  test.prop(
    [
      fc.record({ packs: fc.integer({ min: 6, max: 10 }), versions: fc.integer({ min: 1, max: 3 }), tenants: fc.integer({ min: 3, max: 8 }) }),
      fc.constantFrom(...EDITS),
      fc.nat(),
      fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 30 }),
    ],
    { numRuns: 30 },
  )("is the model the run computes, whatever order the files were read in, before and after any edit", (size, edit, pick, order) => {
    const before = lockedRepo(size.packs, size.versions, size.tenants);
    const { files: after } = edit(before, pick);
    const cache = memoryCache();
    for (const files of [before, after, before]) {
      // Stored from one reading order, found from another: equal to the model computed directly.
      const first = cachedModel(memoryWorkspace(files), cache);
      const again = cachedModel(shuffled(files, order), cache);
      const direct = impactModel(shuffled(files, order));
      expect(canonicalJson(first)).toBe(canonicalJson(direct));
      expect(canonicalJson(again)).toBe(canonicalJson(direct));
      expect(JSON.stringify(direct)).toBe(JSON.stringify(impactModel(memoryWorkspace(files))));
    }
    // A manifest or tenant record edit is a different entry; any other edit finds the same one.
    expect(cache.stats.stored).toBeGreaterThanOrEqual(1);
  });

  it("is found again after a schema edit, and computed again after a tenant record edit", () => {
    const files = lockedRepo(6, 2, 4);
    const cache = memoryCache();
    cachedModel(memoryWorkspace(files), cache);
    const schema = Object.keys(files).find((f) => f.includes("/schemas/"))!;
    const hits = cache.stats.hits;
    cachedModel(memoryWorkspace({ ...files, [schema]: files[schema]! + " " }), cache);
    expect(cache.stats.hits).toBe(hits + 1);
    const tenant = Object.keys(files).find((f) => f.endsWith("/tenant.yaml"))!;
    const edited = { ...files, [tenant]: files[tenant]!.replace(/packs:\n/, "packs:\n  extra-pack: ^1.0.0\n") };
    expect(edited[tenant]).not.toBe(files[tenant]);
    const model = cachedModel(memoryWorkspace(edited), cache);
    expect(model.tenants.find((t) => `tenants/${t.id}/tenant.yaml` === tenant)!.uses).toContain("extra-pack");
  });
});
