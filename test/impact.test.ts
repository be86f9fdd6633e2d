import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { benchRepo } from "../scripts/bench-repo.js";
import { affected, type ImpactModel } from "../src/impact/affected.js";
import { impactModel } from "../src/impact/model.js";
import { canonicalJson } from "../src/util/canonical-json.js";
import type { CompileResult } from "../src/pipeline/compile.js";
import { compileFiles, memoryWorkspace, ownRepo, type Files } from "./helpers.js";

const model = (files: Files) => impactModel(memoryWorkspace(files));

/** A generated repository (the benchmark's shapes, small) with every tenant's lockfile, as `packc lock` writes it. */
function lockedRepo(packs: number, versions: number, tenants: number): Files {
  const files: Files = Object.fromEntries(benchRepo({ packs, versions, tenants }));
  for (const t of compileFiles(files, { mode: "lock" }).tenants) if (t.lockfile) files[t.tenant.lockFile] = canonicalJson(t.lockfile);
  return files;
}

/** Pack version directories `packs/<id>/<version>`, sorted. */
const versionDirs = (files: Files) => [...new Set(Object.keys(files).filter((f) => f.startsWith("packs/") && f.split("/").length >= 4).map((f) => f.split("/").slice(0, 3).join("/")))].sort();

/** The edits a pull request makes, each as the new files and the paths it changed. */
type Edit = (files: Files, pick: number) => { files: Files; changed: string[] };

const editPackFile: Edit = (files, pick) => {
  const candidates = Object.keys(files).filter((f) => f.startsWith("packs/") && /\.(ya?ml|json)$/.test(f)).sort();
  const file = candidates[pick % candidates.length]!;
  const text = files[file]!;
  // A number changes (a timeout, a retry count) where there is one; else the bytes do.
  const edited = /: (\d+)/.test(text) ? text.replace(/: (\d+)/, (_, n) => `: ${Number(n) + 7}`) : text + (file.endsWith(".json") ? " " : "# edited\n");
  return { files: { ...files, [file]: edited }, changed: [file] };
};

/** An edit of a pack others depend on (a Portarium base pack), whose dependents' tenants see it only through the dependency. */
const editDependedOn: Edit = (files, pick) => {
  const bases = new Set(model(files).packs.flatMap((p) => p.dependsOn));
  const candidates = Object.keys(files).filter((f) => f.startsWith("packs/") && bases.has(f.split("/")[1]!)).sort();
  if (!candidates.length) return editPackFile(files, pick);
  const file = candidates[pick % candidates.length]!;
  return { files: { ...files, [file]: files[file]! + " " }, changed: [file] };
};

const removeVersion: Edit = (files, pick) => {
  const dirs = versionDirs(files);
  const dir = dirs[pick % dirs.length]!;
  const gone = Object.keys(files).filter((f) => f.startsWith(`${dir}/`));
  return { files: Object.fromEntries(Object.entries(files).filter(([f]) => !gone.includes(f))), changed: gone };
};

const addVersion: Edit = (files, pick) => {
  const dirs = versionDirs(files);
  const dir = dirs[pick % dirs.length]!;
  const next = `${dir.split("/").slice(0, 2).join("/")}/9.0.0`;
  const from = dir.split("/")[2]!;
  const added: Files = {};
  for (const [f, text] of Object.entries(files)) {
    if (!f.startsWith(`${dir}/`)) continue;
    added[`${next}/${f.slice(dir.length + 1)}`] = text.replaceAll(`"${from}"`, '"9.0.0"').replaceAll(`version: ${from}`, "version: 9.0.0");
  }
  return { files: { ...files, ...added }, changed: Object.keys(added) };
};

const editTenant: Edit = (files, pick) => {
  const records = Object.keys(files).filter((f) => /^tenants\/[^/]+\/tenant\.yaml$/.test(f)).sort();
  const file = records[pick % records.length]!;
  return { files: { ...files, [file]: files[file]!.replace(/"\^1\.0\.0"|"~1\.1\.0"/, '">=1.0.0 <3.0.0"').replace(/status: ACTIVE/, "status: SUSPENDED") }, changed: [file] };
};

const deprecate: Edit = (files, pick) => {
  const dirs = versionDirs(files);
  const [, id, version] = dirs[pick % dirs.length]!.split("/");
  const file = `packs/${id}/lifecycle.yaml`;
  return { files: { ...files, [file]: `deprecated:\n  "${version}": replaced by a newer version\n` }, changed: [file] };
};

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
      fc.constantFrom(editPackFile, editDependedOn, removeVersion, addVersion, editTenant, deprecate),
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
