import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { affected } from "../src/impact/affected.js";
import { DIALECTS } from "../src/dialects/api.js";
import { impactScope, inScope, tenantScope, type Scope } from "../src/impact/scope.js";
import { compileWorkspace, finishDiagnostics, prepareRun } from "../src/pipeline/compile.js";
import { canonicalJson } from "../src/util/canonical-json.js";
import type { Workspace } from "../src/load/workspace.js";
import { readScoped } from "../src/impact/read-scoped.js";
import { memorySource } from "../src/repo/source.js";
import { memoryCache } from "../src/cache/store.js";
import { EDITS, lockedRepo, model } from "./fixtures/edits.js";
import { cli, git, gitRepo, memoryWorkspace, ownRepo, tempRepo, type Files } from "./helpers.js";

const line = (d: { code: string; file: string; line: number; column: number; message: string; hint?: string }) => `${d.code} ${d.file}:${d.line}:${d.column} ${d.message} (${d.hint ?? ""})`;

/** What a full run says within `scope`: what it finds before any tenant, where in scope, and everything of the scoped tenants. */
function fullRunWithin(files: Files, scope: Scope): { diagnostics: string[]; tenants: string[] } {
  const run = prepareRun(memoryWorkspace(files), { mode: "check" });
  const tenants = run.tenants.filter((t) => scope.tenants.has(t.id)).map((t) => run.compile(t));
  return {
    diagnostics: finishDiagnostics([...run.diagnostics.filter((d) => inScope(scope, d)), ...tenants.flatMap((t) => t.diagnostics)]).map(line),
    tenants: tenants.map((t) => `${t.tenant.id} ${canonicalJson(t.lockfile)} ${canonicalJson(t.candidate)}`),
  };
}

function scopedRun(files: Files | Workspace, scope: Scope): { diagnostics: string[]; tenants: string[] } {
  const r = compileWorkspace("tree" in files ? (files as Workspace) : memoryWorkspace(files as Files), { mode: "check", scope });
  return { diagnostics: r.diagnostics.map(line), tenants: r.tenants.map((t) => `${t.tenant.id} ${canonicalJson(t.lockfile)} ${canonicalJson(t.candidate)}`) };
}

// A scope is run two ways: on the whole repository (as a cached check runs what its cache lacks)
// and on what readScoped read (as check --tenant, --changed-since and --shard do); both must say
// what a full run says within the scope.
describe("a scoped check says what a full run says within its scope, and reads only what it needs", () => {
  const source = (files: Files) => memorySource(new Map(Object.entries(files).map(([f, text]) => [f, new TextEncoder().encode(text)])));
  /** Version directories `packs/<id>/<version>` and the files in each. */
  const byVersion = (files: Files) => {
    const out = new Map<string, string[]>();
    for (const f of Object.keys(files).filter((f) => f.startsWith("packs/") && f.split("/").length >= 4)) {
      const dir = f.split("/").slice(0, 3).join("/");
      out.set(dir, [...(out.get(dir) ?? []), f]);
    }
    return out;
  };
  /** The version directories the scope's tenants use in a full run: resolved (their lockfile as locked now) or pinned by the committed lockfile. */
  const usedBy = (files: Files, scope: Scope) => {
    const run = prepareRun(memoryWorkspace(files), { mode: "check" });
    const used = new Set<string>();
    for (const t of run.tenants.filter((t) => scope.tenants.has(t.id))) {
      for (const p of run.compile(t).lockfile?.packs ?? []) used.add(`packs/${p.id}/${p.version}`);
      const pinned = files[t.lockFile] === undefined ? [] : ((JSON.parse(files[t.lockFile]!) as { packs?: { id: string; version: string }[] }).packs ?? []);
      for (const p of pinned) used.add(`packs/${p.id}/${p.version}`);
    }
    return used;
  };
  /**
   * What a read for `scope` must hold, and what it must not: the repository's own files, every
   * file of every reported pack id, of every scoped tenant and of every version the scoped
   * tenants use, and the manifest of every version of a loaded pack id; and no other file of a
   * version no scoped tenant uses, of a loaded pack id that is not reported (but for a shard's
   * own share).
   */
  const expectRead = (files: Files, scope: Scope, ws: Workspace) => {
    const used = usedBy(files, scope);
    const needed = Object.keys(files).filter((f) => {
      const parts = f.split("/");
      const [top, id] = parts;
      if (parts.length < 3 || (top !== "packs" && top !== "tenants")) return true;
      if (top === "tenants") return scope.tenants.has(id!);
      if (!scope.loaded.has(id!)) return false;
      return scope.reported.has(id!) || parts.length === 3 || used.has(parts.slice(0, 3).join("/")) || isManifest(f);
    });
    expect(needed.filter((f) => !ws.has(f))).toEqual([]);
    for (const [dir, dirFiles] of byVersion(files)) {
      const id = dir.split("/")[1]!;
      if (!scope.loaded.has(id) || scope.reported.has(id) || used.has(dir) || scope.share) continue;
      if (dirFiles.some((f) => isManifest(f) && f.includes("/domain-pack."))) continue; // activated packs are always loaded in full
      expect(dirFiles.filter((f) => ws.has(f) && !isManifest(f))).toEqual([]);
    }
  };
  /** Whether `f` is a manifest at the top of a pack version directory. */
  const isManifest = (f: string) => f.split("/").length === 4 && DIALECTS.some((d) => d.manifests.includes(f.split("/")[3]!));
  /** Pack version directories a read does not hold whole: what it reports as skipped. */
  const unread = (files: Files, ws: Workspace) => [...byVersion(files)].filter(([, fs]) => fs.some((f) => !ws.has(f))).length;
  /** The scope without what only a read can know (the version directories it read in full). */
  const plain = (scope: Scope | null): Scope | null => {
    if (!scope) return null;
    const { full: _full, ...rest } = scope;
    return rest;
  };

  test.prop(
    [fc.record({ packs: fc.integer({ min: 8, max: 14 }), versions: fc.integer({ min: 1, max: 3 }), tenants: fc.integer({ min: 3, max: 10 }) }), fc.constantFrom(...EDITS), fc.nat()],
    { numRuns: 25 },
  )("after any edit (--changed-since): the scope the whole repository gives, every file it needs, and what a full run says within it", (size, edit, pick) => {
    const { files, changed } = edit(lockedRepo(size.packs, size.versions, size.tenants), pick);
    const m = model(files);
    const scope = impactScope(affected(changed, [m]), m)!;
    const read = readScoped(source(files), { changed });
    expect(plain(read.scope)).toEqual(scope);
    expectRead(files, scope, read.ws);
    expect(read.skipped).toEqual({ packs: unread(files, read.ws), tenants: new Set(Object.keys(files).filter((f) => f.startsWith("tenants/") && f.split("/").length >= 3).map((f) => f.split("/")[1]!).filter((id) => !scope.tenants.has(id))).size });
    const full = fullRunWithin(files, scope);
    expect(scopedRun(files, scope)).toEqual(full);
    expect(scopedRun(read.ws, scope)).toEqual(full);
    // With a cache (cold, then warm): the same read and report, and the warm read computes nothing new.
    const cache = memoryCache();
    for (const round of [1, 2]) {
      const stored = cache.stats.stored;
      const cached = readScoped(source(files), { changed }, undefined, cache);
      expect(cached.scope).toEqual(read.scope);
      expect(scopedRun(cached.ws, cached.scope!)).toEqual(full);
      if (round === 2) expect(cache.stats.stored).toBe(stored);
    }
  });

  test.prop([fc.record({ packs: fc.integer({ min: 8, max: 14 }), tenants: fc.integer({ min: 3, max: 10 }) }), fc.array(fc.nat(), { minLength: 1, maxLength: 3 })], { numRuns: 15 })(
    "for any tenants (--tenant) and the packs they use",
    (size, picks) => {
      const files = lockedRepo(size.packs, 2, size.tenants);
      const m = model(files);
      const ids = [...new Set(picks.map((p) => m.tenants[p % m.tenants.length]!.id))];
      const scope = tenantScope(ids, m);
      const read = readScoped(source(files), { tenants: ids });
      expect(plain(read.scope)).toEqual(scope);
      expectRead(files, scope, read.ws);
      const full = fullRunWithin(files, scope);
      expect(scopedRun(files, scope)).toEqual(full);
      expect(scopedRun(read.ws, scope)).toEqual(full);
    },
  );

  it("on the repository's own packs (domain packs and tenant packs among them): for each tenant, and for a change to each pack", () => {
    const files = ownRepo();
    const m = model(files);
    const packIds = [...new Set(m.packs.map((p) => p.id))];
    expect(m.tenants.length).toBeGreaterThan(1);
    for (const t of m.tenants) {
      const read = readScoped(source(files), { tenants: [t.id] });
      expect(plain(read.scope)).toEqual(tenantScope([t.id], m));
      expect(scopedRun(read.ws, read.scope!)).toEqual(fullRunWithin(files, read.scope!));
    }
    for (const id of packIds) {
      const changed = [Object.keys(files).find((f) => f.startsWith(`packs/${id}/`))!];
      const read = readScoped(source(files), { changed });
      expect(plain(read.scope)).toEqual(impactScope(affected(changed, [m]), m));
      expectRead(files, read.scope!, read.ws);
      expect(scopedRun(read.ws, read.scope!)).toEqual(fullRunWithin(files, read.scope!));
    }
  });

  it("suggests for an unknown dependency (PK242) what a full run suggests, though the pack it means is not loaded", () => {
    const changed = ["1.0.0", "1.2.3"].map((v) => `packs/scm.change-management/${v}/pack.manifest.json`);
    const files = ownRepo();
    for (const f of changed) files[f] = files[f]!.replace('"base.approvals"', '"base.aprovals"');
    const read = readScoped(source(files), { tenants: ["acme"] });
    expect(read.scope!.loaded.has("base.approvals")).toBe(false);
    const scoped = scopedRun(read.ws, read.scope!);
    const pk242 = scoped.diagnostics.filter((d) => d.startsWith("PK242"));
    expect(pk242.length).toBe(2);
    for (const d of pk242) expect(d).toContain('did you mean "base.approvals"?');
    expect(scoped).toEqual(fullRunWithin(files, read.scope!));
  });

  it("reads the whole repository when packc.yaml changed, and nothing of any pack or tenant when nothing did", () => {
    const files = lockedRepo(8, 2, 4);
    const all = readScoped(source(files), { changed: ["packc.yaml"] });
    expect(all.scope).toBeNull();
    expect(Object.keys(files).filter((f) => !all.ws.has(f))).toEqual([]);
    const none = readScoped(source(files), { changed: ["README.md"] });
    expect([...none.ws.tree.files.keys()].filter((f) => f.split("/").length >= 3)).toEqual([]);
    expect(none.skipped.tenants).toBe(4);
  });
});

describe("check --changed-since and --tenant (the built CLI)", () => {
  const repo = gitRepo(ownRepo());
  const tenants = git(repo, "ls-files", "tenants").split("\n").filter((f) => f.endsWith("/tenant.yaml")).map((f) => f.split("/")[1]!);

  it("with no change checks nothing but the repository's own files and says what it skipped", () => {
    const r = cli(["check", "--repo", repo, "--changed-since", "HEAD"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^no problems \(0 pack versions, 0 tenants; skipped \d+ pack versions and \d+ tenants out of scope\)$/m);
  });

  it("after a change to one tenant, checks that tenant and reports its new error", () => {
    const id = tenants[0]!;
    const file = join(repo, "tenants", id, "tenant.yaml");
    writeFileSync(file, git(repo, "show", `HEAD:tenants/${id}/tenant.yaml`).replace(`id: ${id}`, `id: ${id}-renamed`));
    try {
      const r = cli(["check", "--repo", repo, "--changed-since", "HEAD", "--format", "json"]);
      const report = JSON.parse(r.stdout) as { diagnostics: { code: string; file: string }[]; summary: { tenants: number; skipped: { tenants: number } } };
      expect(report.summary.tenants).toBe(1);
      expect(report.summary.skipped.tenants).toBe(tenants.length - 1);
      expect(report.diagnostics.map((d) => `${d.code} ${d.file}`)).toEqual([`PK309 tenants/${id}/tenant.yaml`]);
      expect(r.code).toBe(1);
    } finally {
      git(repo, "checkout", "--", ".");
    }
  });

  it("reaches everything from packc.yaml, and says so", () => {
    writeFileSync(join(repo, "packc.yaml"), `${git(repo, "show", "HEAD:packc.yaml")}\n# a comment\n`);
    try {
      const r = cli(["check", "--repo", repo, "--changed-since", "HEAD"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain("reaches every pack and tenant");
      expect(r.stdout).toMatch(/^no problems \(\d+ pack versions, \d+ tenants\)$/m);
    } finally {
      git(repo, "checkout", "--", ".");
    }
  });

  it("reaches everything with a cache: the cached whole check, which reports what a run without one reports", () => {
    const cache = join(tempRepo({}, "packc-cache-"), "cache");
    expect(cli(["check", "--repo", repo, "--cache", cache]).code).toBe(0);
    writeFileSync(join(repo, "packc.yaml"), `${git(repo, "show", "HEAD:packc.yaml")}\n# a comment\n`);
    // A pack's error too, so the report has something to compare.
    const [pack] = git(repo, "ls-files", "packs").split("\n").filter((f) => f.endsWith("/pack.yaml"));
    writeFileSync(join(repo, pack!), `${git(repo, "show", `HEAD:${pack}`)}\nnot: [closed\n`);
    try {
      const cached = cli(["check", "--repo", repo, "--changed-since", "HEAD", "--cache", cache, "--verbose"]);
      const cold = cli(["check", "--repo", repo, "--changed-since", "HEAD", "--no-cache"]);
      expect(cached.code).toBe(1);
      expect(cached.stdout).toBe(cold.stdout);
      expect(cached.stderr).toContain("reaches every pack and tenant");
      // The cached whole check says what it reused (a run without the cache has nothing to say).
      expect(cached.stderr).toMatch(/cache .*: reused 0 of \d+ pack ids and 0 of \d+ tenants; \d+ of \d+ files unchanged/);
      // Run again, it reuses every pack id and tenant.
      const again = cli(["check", "--repo", repo, "--changed-since", "HEAD", "--cache", cache, "--verbose"]);
      expect(again.stdout).toBe(cold.stdout);
      expect(again.stderr).toMatch(/reused (\d+) of \1 pack ids and (\d+) of \2 tenants/);
    } finally {
      git(repo, "checkout", "--", ".");
    }
  });

  it("before the first commit, --changed-since HEAD checks everything and says why (a pre-commit hook's first commit)", () => {
    const fresh = tempRepo(ownRepo(), "packc-unborn-");
    git(fresh, "init", "-q");
    const r = cli(["check", "--repo", fresh, "--changed-since", "HEAD", "--no-cache"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("there is no commit yet");
    expect(r.stdout).toMatch(/^no problems \(\d+ pack versions, \d+ tenants\)$/m);
    // Another ref that names nothing is still a usage error.
    expect(cli(["check", "--repo", fresh, "--changed-since", "main"]).code).toBe(2);
  });

  it("--tenant checks those tenants with the packs they use; an unknown tenant, a bad ref or both options are exit 2", () => {
    const r = cli(["check", "--repo", repo, "--tenant", tenants[0]!]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\(\d+ pack versions?, 1 tenant; skipped/);
    const typo = cli(["check", "--repo", repo, "--tenant", `${tenants[0]!}x`]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(`did you mean ${tenants[0]!}?`);
    expect(cli(["check", "--repo", repo, "--changed-since", "no-such-ref"]).code).toBe(2);
    const both = cli(["check", "--repo", repo, "--tenant", tenants[0]!, "--changed-since", "HEAD"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("not both");
  });
});
