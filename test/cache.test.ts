import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cachedCheck } from "../src/cache/cached-check.js";
import { fileCache, LARGE_ENTRY, lazyStore, memoryCache } from "../src/cache/store.js";
import { jsonExact, packLoadMemo } from "../src/cache/pack-loads.js";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { compileWorkspace } from "../src/pipeline/compile.js";
import { conformanceReports } from "../src/report/conformance.js";
import { EDITS, lockedRepo, withProblems } from "./fixtures/edits.js";
import { cli, gitRepo, memoryWorkspace, ownRepo, readCacheMain, tempRepo, writeCacheMain, type Files } from "./helpers.js";

/** A cache key: the sha256 (hex) of a name. */
const key = (name: string) => createHash("sha256").update(name).digest("hex");

/** Runs `fn` on a new temporary directory for a file store, removed afterwards. */
function inStoreDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "packc-store-"));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A full run's report, as `check` prints it: every diagnostic (hint included), the counts, the conformance outcomes. */
function fullReport(files: Files) {
  const r = compileWorkspace(memoryWorkspace(files), { mode: "check", activeConfig: false });
  return { diagnostics: r.diagnostics, packs: r.packs.length, tenants: r.tenants.length, conformance: conformanceReports(r.packs) };
}

/** The part of a cached check's result that `check` prints. */
const printed = (r: ReturnType<typeof cachedCheck>) => ({ diagnostics: r.diagnostics, packs: r.packs, tenants: r.tenants, conformance: r.conformance });

describe("a check with a cache reports what a check without one reports", () => {
  test.prop(
    [fc.record({ packs: fc.integer({ min: 8, max: 12 }), versions: fc.integer({ min: 1, max: 3 }), tenants: fc.integer({ min: 3, max: 10 }) }), fc.constantFrom(...EDITS), fc.nat()],
    { numRuns: 20 },
  )("cold, then warm after any edit, on generated repositories", (size, edit, pick) => {
    const before = withProblems(lockedRepo(size.packs, size.versions, size.tenants), pick);
    const after = edit(before, pick).files;
    const cache = memoryCache();
    const cold = cachedCheck(memoryWorkspace(before), cache);
    expect(printed(cold)).toEqual(fullReport(before));
    expect(cold.reused.packs + cold.reused.tenants).toBe(0);
    const warm = cachedCheck(memoryWorkspace(after), cache);
    expect(printed(warm)).toEqual(fullReport(after));
    // Only what the edit reaches is computed again.
    expect(warm.reused.packs + warm.reused.tenants).toBeGreaterThan(0);
  });

  test.prop([fc.constantFrom(...EDITS), fc.nat()], { numRuns: 10 })("on the repository's own packs (platform conformance, domain and tenant packs)", (edit, pick) => {
    const before = ownRepo();
    const after = edit(before, pick).files;
    const cache = memoryCache();
    expect(printed(cachedCheck(memoryWorkspace(before), cache))).toEqual(fullReport(before));
    expect(printed(cachedCheck(memoryWorkspace(after), cache))).toEqual(fullReport(after));
  });
});

describe("a store opened lazily", () => {
  it("reads nothing until first used, and writes nothing when never used", () =>
    inStoreDir((dir) => {
      const ready = fileCache(dir, "test-build");
      ready.put(key("a"), { n: 1 });
      expect(ready.save()).toBeNull();
      let opened = 0;
      const store = lazyStore(() => (opened++, fileCache(dir, "test-build")));
      expect(store.stats).toEqual({ hits: 0, stored: 0, rejected: 0 });
      expect(store.save()).toBeNull();
      expect(opened).toBe(0);
      expect(store.get(key("a"))).toEqual({ n: 1 });
      expect(store.stats.hits).toBe(1);
      store.put(key("b"), { n: 2 });
      expect(store.save()).toBeNull();
      expect(opened).toBe(1);
      expect(fileCache(dir, "test-build").get(key("b"))).toEqual({ n: 2 });
    }));
});

describe("a file store", () => {
  const big = (n: number) => ({ items: Array.from({ length: 4000 }, (_, i) => `${n}-${i}-`.padEnd(24, "x")) });

  it("keeps a large entry in a file of its own, read only when asked for and rewritten only when it changed", () =>
    inStoreDir((dir) => {
      const first = fileCache(dir, "test-build");
      first.put(key("small"), { n: 1 });
      first.put(key("large"), big(1));
      expect(JSON.stringify(big(1)).length).toBeGreaterThanOrEqual(LARGE_ENTRY);
      expect(first.save()).toBeNull();
      const main = join(dir, "test-build.json");
      const side = join(dir, "test-build", key("large"));
      expect(readFileSync(main, "utf8")).not.toContain("1-0-");
      expect(readFileSync(side, "utf8")).toContain("1-0-");

      // A run that never asks for the large entry neither reads it nor drops it.
      const second = fileCache(dir, "test-build");
      rmSync(side);
      writeFileSync(side, "damaged");
      expect(second.get(key("small"))).toEqual({ n: 1 });
      second.put(key("other"), { n: 2 });
      expect(second.save()).toBeNull();
      expect(second.stats.rejected).toBe(0);
      expect(readFileSync(side, "utf8")).toBe("damaged");

      // A damaged large entry is rejected, never trusted; storing it again rewrites only its file.
      const third = fileCache(dir, "test-build");
      expect(third.get(key("large"))).toBeUndefined();
      expect(third.stats.rejected).toBe(1);
      const fourth = fileCache(dir, "test-build");
      const mainBefore = readFileSync(main, "utf8");
      fourth.put(key("large"), big(2));
      expect(fourth.save()).toBeNull();
      expect(readFileSync(main, "utf8")).toBe(mainBefore);
      expect(fileCache(dir, "test-build").get(key("large"))).toEqual(big(2));

      // A large entry that shrinks moves into the main file, and its own file is deleted.
      const fifth = fileCache(dir, "test-build");
      fifth.put(key("large"), { n: 3 });
      expect(fifth.save()).toBeNull();
      expect(existsSync(side)).toBe(false);
      expect(fileCache(dir, "test-build").get(key("large"))).toEqual({ n: 3 });
    }));
});

describe("a run that changes a few small entries", () => {
  it("writes them as a delta beside the main file, read back over it only while both are intact and belong together", () =>
    inStoreDir((dir) => {
      const main = join(dir, "test-build.json");
      const delta = `${main}.delta`;
      const first = fileCache(dir, "test-build");
      for (let i = 0; i < 200; i++) first.put(key(`e${i}`), { i, text: "x".repeat(100) });
      expect(first.save()).toBeNull();
      const mainBefore = readFileSync(main, "utf8");
      expect(existsSync(delta)).toBe(false);

      // Two entries: the main file stays as it was, the delta holds them.
      const second = fileCache(dir, "test-build");
      second.put(key("e1"), { i: 1, again: true });
      second.put(key("new"), { n: 1 });
      expect(second.save()).toBeNull();
      expect(readFileSync(main, "utf8")).toBe(mainBefore);
      expect(readFileSync(delta, "utf8")).toContain('\\"again\\":true');
      const third = fileCache(dir, "test-build");
      expect([third.get(key("e1")), third.get(key("new")), third.get(key("e2"))]).toEqual([{ i: 1, again: true }, { n: 1 }, { i: 2, text: "x".repeat(100) }]);
      expect(third.stats.rejected).toBe(0);

      // A damaged delta is never read: the main file alone answers.
      const deltaText = readFileSync(delta, "utf8");
      writeFileSync(delta, deltaText.replace('\\"n\\":1', '\\"n\\":2'));
      const damaged = fileCache(dir, "test-build");
      expect([damaged.get(key("e1")), damaged.get(key("new"))]).toEqual([{ i: 1, text: "x".repeat(100) }, undefined]);
      writeFileSync(delta, deltaText);

      // Past an eighth of the main file, the delta is folded into a new main file and removed;
      // the old delta, put back, names the old main file and is never read over the new one.
      const fourth = fileCache(dir, "test-build");
      for (let i = 0; i < 40; i++) fourth.put(key(`e${i}`), { i, text: "y".repeat(100) });
      expect(fourth.save()).toBeNull();
      expect(readFileSync(main, "utf8")).not.toBe(mainBefore);
      expect(existsSync(delta)).toBe(false);
      writeFileSync(delta, deltaText);
      const fifth = fileCache(dir, "test-build");
      expect([fifth.get(key("e1")), fifth.get(key("new")), fifth.get(key("e39"))]).toEqual([{ i: 1, text: "y".repeat(100) }, { n: 1 }, { i: 39, text: "y".repeat(100) }]);
    }));
});

describe("a narrow run (one tenant, a pre-commit hook)", () => {
  it("never shrinks the cache below what it held: its new entries displace as many of the oldest, no more", () =>
    inStoreDir((dir) => {
      const first = fileCache(dir, "test-build");
      for (let i = 0; i < 1500; i++) first.put(key(`old-${i}`), { i });
      for (let i = 0; i < 20; i++) first.put(key(`apart-${i}`), { i, text: "a".repeat(500) }, true);
      expect(first.save()).toBeNull();
      // 300 new entries of some size: too many for a delta, so the main file is written again.
      const narrow = fileCache(dir, "test-build");
      expect(narrow.get(key("old-0"))).toEqual({ i: 0 });
      for (let i = 0; i < 300; i++) narrow.put(key(`new-${i}`), { i, text: "n".repeat(100) });
      expect(narrow.save()).toBeNull();
      expect(existsSync(join(dir, "test-build.json.delta"))).toBe(false);
      const after = fileCache(dir, "test-build");
      const held = (names: string[]) => names.filter((n) => after.get(key(n)) !== undefined).length;
      const olds = [...Array.from({ length: 1500 }, (_, i) => `old-${i}`), ...Array.from({ length: 20 }, (_, i) => `apart-${i}`)];
      expect(held(Array.from({ length: 300 }, (_, i) => `new-${i}`))).toBe(300);
      expect(held(olds)).toBe(1520 - 300);
    }));
});

describe("entries stored apart", () => {
  const segments = (dir: string) => readdirSync(join(dir, "test-build")).filter((f) => f.startsWith("seg-")).sort();
  const mainFile = (dir: string) => readCacheMain<{ entries: Record<string, unknown>; segments: Record<string, [string, number, number][]> }>(join(dir, "test-build.json")).value;

  it("go to one segment file per run, indexed by the main file, and are read back by a later run", () =>
    inStoreDir((dir) => {
      const first = fileCache(dir, "test-build");
      for (let i = 0; i < 50; i++) first.put(key(`load-${i}`), { load: i, text: "ü".repeat(i) }, true);
      first.put(key("small"), { n: 1 });
      expect(first.save()).toBeNull();
      expect(segments(dir)).toHaveLength(1);
      expect(readdirSync(join(dir, "test-build"))).toHaveLength(1);
      const main = mainFile(dir);
      expect(Object.keys(main.entries)).toEqual([key("small")]);
      expect(Object.values(main.segments)[0]).toHaveLength(50);

      const second = fileCache(dir, "test-build");
      for (let i = 0; i < 50; i++) expect(second.get(key(`load-${i}`))).toEqual({ load: i, text: "ü".repeat(i) });
      expect(second.stats).toEqual({ hits: 50, stored: 0, rejected: 0 });
    }));

  it("are rejected when damaged, compacted when their segment is mostly dead, and deleted with it", () =>
    inStoreDir((dir) => {
      const first = fileCache(dir, "test-build");
      for (let i = 0; i < 10; i++) first.put(key(`load-${i}`), { load: i }, true);
      expect(first.save()).toBeNull();
      const [segment] = segments(dir);
      const path = join(dir, "test-build", segment!);
      const bytes = readFileSync(path, "utf8");
      writeFileSync(path, bytes.replace('{"load":3}', '{"load":4}'));
      const damaged = fileCache(dir, "test-build");
      expect(damaged.get(key("load-3"))).toBeUndefined();
      expect(damaged.get(key("load-2"))).toEqual({ load: 2 });
      expect(damaged.stats.rejected).toBe(1);
      writeFileSync(path, bytes);

      // Eight of ten replaced: the two left move to the new segment, and the old one is deleted.
      const second = fileCache(dir, "test-build");
      for (let i = 0; i < 8; i++) second.put(key(`load-${i}`), { load: i, again: true }, true);
      expect(second.save()).toBeNull();
      expect(segments(dir)).toHaveLength(1);
      expect(segments(dir)[0]).not.toBe(segment);
      const third = fileCache(dir, "test-build");
      for (let i = 0; i < 10; i++) expect(third.get(key(`load-${i}`))).toEqual(i < 8 ? { load: i, again: true } : { load: i });

      // One of ten replaced: the old segment stays, beside a new one holding that entry alone.
      const fourth = fileCache(dir, "test-build");
      fourth.put(key("load-9"), { load: 9, again: true }, true);
      expect(fourth.save()).toBeNull();
      expect(segments(dir)).toHaveLength(2);
      expect(fileCache(dir, "test-build").get(key("load-9"))).toEqual({ load: 9, again: true });
    }));
});

describe("full loads of pack versions in the cache", () => {
  it("are stored only when JSON gives them back exactly", () => {
    for (const v of [{ a: [1, "x", null, true, { b: 0.5 }] }, [], "s"]) expect(jsonExact(v)).toBe(true);
    for (const v of [{ a: Infinity }, { a: Number.NaN }, { a: -0 }, { a: undefined }, [1, , 2], { a: new Date(0) }, JSON.parse('{"__proto__": 1}'), () => 1]) expect(jsonExact(v)).toBe(false);
    const files = ownRepo();
    const ws = memoryWorkspace(files);
    const cache = memoryCache();
    const memo = packLoadMemo(ws, cache);
    const dir = { id: "x", version: "1.0.0", dir: "packs/x/1.0.0", files: [] };
    const base = { config: {}, policy: { rules: [] } as never };
    memo.load(dir, base, () => ({ pack: { odd: Infinity } as never, diagnostics: [] }));
    expect(memo.holds(dir, base)).toBe(false);
    expect(cache.stats.stored).toBe(0);
    memo.load(dir, base, () => ({ pack: null, diagnostics: [] }));
    expect(memo.holds(dir, base)).toBe(true);
    expect(cache.stats.stored).toBe(1);
    expect(memo.load(dir, base, () => { throw new Error("computed again"); })).toEqual({ pack: null, diagnostics: [] });
    // Other base documents are another key.
    expect(memo.holds(dir, { ...base, config: { pools: {} } })).toBe(false);
    expect(memo.load(dir, { ...base, config: { pools: {} } }, () => ({ pack: null, diagnostics: [{ code: "PK999" } as never] })).diagnostics).toHaveLength(1);
  });

  it("make a warm diff of the repository's own packs compile what a cold one compiles", () => {
    const files = ownRepo();
    const cache = memoryCache();
    const cold = cachedCheck(memoryWorkspace(files), cache, undefined, new Set(["acme"]));
    const stored = cache.stats.stored;
    const hits = cache.stats.hits;
    const warm = cachedCheck(memoryWorkspace(files), cache, undefined, new Set(["acme"]));
    // Every pack version the kept tenant uses came from the cache: nothing was computed to store.
    expect(cache.stats.stored).toBe(stored);
    expect(cache.stats.hits - hits).toBeGreaterThan(warm.kept.packs.length);
    expect(warm.kept.packs.length).toBeGreaterThan(0);
    const coldByDir = new Map(cold.kept.packs.map((p) => [p.dir, JSON.stringify(p)]));
    for (const p of warm.kept.packs) expect(JSON.stringify(p)).toBe(coldByDir.get(p.dir));
    expect(JSON.stringify(warm.kept.tenants.map((t) => t.activeConfig))).toBe(JSON.stringify(cold.kept.tenants.map((t) => t.activeConfig)));
  });
});

describe("the cache directory (the built CLI)", () => {
  const files = withProblems(lockedRepo(10, 2, 6), 3);

  function run(dir: string, args: string[] = []) {
    const r = cli(["check", "--repo", dir, "--format", "json", ...args]);
    return { code: r.code, stdout: r.stdout, stderr: r.stderr };
  }

  it("is written under .packc/cache, ignored by git, tagged, and gives the same report cold, warm and after damage", () => {
    const dir = tempRepo(files);
    try {
      const reference = run(dir, ["--no-cache"]);
      expect(existsSync(join(dir, ".packc"))).toBe(false);
      const cold = run(dir);
      expect(cold.stdout).toBe(reference.stdout);
      expect(cold.code).toBe(reference.code);
      const cacheDir = join(dir, ".packc/cache");
      expect(readFileSync(join(cacheDir, ".gitignore"), "utf8")).toContain("*");
      expect(readFileSync(join(cacheDir, "CACHEDIR.TAG"), "utf8")).toMatch(/^Signature: 8a477f597d28d172789f06886806bc55/);
      const warm = run(dir, ["--verbose"]);
      expect(warm.stdout).toBe(reference.stdout);
      expect(warm.stderr).toMatch(/reused 1\d of 1\d pack ids and 6 of 6 tenants/);

      const file = join(cacheDir, readdirSync(cacheDir).find((f) => f.endsWith(".json"))!);
      const text = readFileSync(file, "utf8");
      const { digest, value: store } = readCacheMain<{ entries: Record<string, { sha256: string; json: string }> }>(file);
      // An entry edited by hand: a diagnostic dropped, its digest (and the file's) left as it was.
      for (const e of Object.values(store.entries)) e.json = e.json.replace(/"diagnostics":\[\{[^\]]*\]/, '"diagnostics":[]');
      writeCacheMain(file, digest, store);
      const edited = run(dir);
      expect(edited.stdout).toBe(reference.stdout);
      expect(edited.stderr).toMatch(/damaged entries ignored and computed again/);
      // A truncated file, and one that is not JSON at all.
      for (const damage of [text.slice(0, text.length / 2), "\u0000garbage"]) {
        writeFileSync(file, damage);
        expect(run(dir).stdout).toBe(reference.stdout);
      }
      // An entry whose digest was recomputed for a changed value would be trusted: the key, not
      // the entry, says what it was computed from, so a valid entry can only be one packc wrote.
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("ignores a cache another build wrote", () => {
    const dir = tempRepo(files);
    try {
      const reference = run(dir, ["--no-cache"]);
      run(dir);
      const cacheDir = join(dir, ".packc/cache");
      const name = readdirSync(cacheDir).find((f) => f.endsWith(".json"))!;
      const { value: store } = readCacheMain<{ build: string; entries: Record<string, { sha256: string; json: string }> }>(join(cacheDir, name));
      // The same entries under another build's name, poisoned with a valid digest: never read.
      for (const e of Object.values(store.entries)) e.json = e.json.replace(/"versions":\d+/, '"versions":99');
      rmSync(join(cacheDir, name));
      const forged = JSON.stringify({ ...store, build: "0.0.1-0000000000000000" });
      writeCacheMain(join(cacheDir, "0.0.1-0000000000000000.json"), createHash("sha256").update(forged).digest("hex"), JSON.parse(forged));
      const r = run(dir, ["--verbose"]);
      expect(r.stdout).toBe(reference.stdout);
      expect(r.stderr).toMatch(/reused 0 of \d+ pack ids and 0 of 6 tenants/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is never an input or a directory packc did not write: --cache packs is refused, a foreign default is left alone", () => {
    const dir = tempRepo(files);
    try {
      const inside = cli(["check", "--repo", dir, "--cache", "packs"]);
      expect(inside.code).toBe(2);
      expect(inside.stderr).toContain("--cache packs is packs, an input of the repository");
      mkdirSync(join(dir, ".packc/cache"), { recursive: true });
      writeFileSync(join(dir, ".packc/cache/mine.txt"), "not packc's\n");
      const foreign = run(dir);
      expect(foreign.stdout).toBe(run(dir, ["--no-cache"]).stdout);
      expect(foreign.stderr).toContain("not using the cache");
      expect(readdirSync(join(dir, ".packc/cache"))).toEqual(["mine.txt"]);
      expect(cli(["check", "--repo", dir, "--cache", ".packc/cache"]).code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is refused even by a --changed-since run whose change uses no cache", () => {
    const dir = gitRepo(files);
    try {
      const r = cli(["check", "--repo", dir, "--changed-since", "HEAD", "--cache", "packs"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--cache packs is packs, an input of the repository");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
