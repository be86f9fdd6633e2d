import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import type { BigIntStats } from "node:fs";
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { statIndex } from "../src/cache/stat-index.js";
import { fileCache, memoryCache } from "../src/cache/store.js";
import { readRepo, readRepoWith } from "../src/load/repo.js";
import { LazyFiles, lazyTree } from "../src/repo/lazy-files.js";
import { commitSource, resolveCommit } from "../src/repo/git.js";
import { blobIndex } from "../src/cache/blob-index.js";
import { workspace, type Workspace } from "../src/load/workspace.js";
import { createHash } from "node:crypto";
import { lockedRepo } from "./fixtures/edits.js";
import { cli, git, gitRepo, readCacheMain, tempRepo, writeCacheMain } from "./helpers.js";

// The stat index lets a check with a cache skip reading files that did not change since the
// cache saw them (as git's index does). It may only ever save work: every change must be seen.

const files = lockedRepo(8, 2, 4);
/** A run that starts well after every file was written, so no file is too recent to record. */
const later = () => Date.now() + 60_000;
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

/** Runs `fn` on a temporary copy of `files` and a cache whose stat index a first read filled (that read's tree given too). */
function indexed(fn: (dir: string, cache: ReturnType<typeof memoryCache>, first: ReturnType<typeof readRepo>) => void): void {
  const dir = tempRepo(files);
  try {
    const cache = memoryCache();
    const cold = statIndex(cache, later());
    const first = readRepo(dir, cold);
    expect(cold.stats).toEqual({ hits: 0, recorded: Object.keys(files).length });
    cold.save(true);
    fn(dir, cache, first);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the stat index", () => {
  it("lists unchanged files without reading them, and gives their bytes when asked", () => {
    indexed((dir, cache, first) => {
      const warm = statIndex(cache, later());
      const second = readRepo(dir, warm);
      expect(warm.stats).toEqual({ hits: Object.keys(files).length, recorded: 0 });
      expect([...second.tree.files.keys()].sort()).toEqual([...first.tree.files.keys()].sort());
      expect(second.tree.files).toBeInstanceOf(LazyFiles);
      for (const [f, t] of Object.entries(files)) {
        expect(second.tree.digests!.get(f)).toBe(first.tree.digests!.get(f));
        expect(text(second.tree.files.get(f))).toBe(t);
      }
    });
  });

  it("reads a file whose bytes changed though its size and modification time were put back", () => {
    indexed((dir, cache) => {
      const file = Object.keys(files).find((f) => f.endsWith("tenant.yaml"))!;
      const path = join(dir, file);
      const { atime, mtime } = statSync(path);
      const edited = files[file]!.replace(/[a-z]/, (c) => (c === "z" ? "y" : "z"));
      expect(edited.length).toBe(files[file]!.length);
      writeFileSync(path, edited);
      utimesSync(path, atime, mtime);
      const warm = statIndex(cache, later());
      const ws = readRepo(dir, warm);
      expect(warm.stats.hits).toBe(Object.keys(files).length - 1);
      expect(text(ws.tree.files.get(file))).toBe(edited);
    });
  });

  it("takes an unchanged directory's entries from the index, and lists again one that gained, lost or swapped an entry, even with its modification time put back", () => {
    indexed((dir, cache, first) => {
      const warm = statIndex(cache, later());
      readRepo(dir, warm);
      expect(warm.listings.recorded).toBe(0);
      expect(warm.listings.hits).toBeGreaterThan(10);
      warm.save(true);
      const tenant = Object.keys(files).find((f) => f.endsWith("tenant.yaml"))!;
      const tenantDir = join(dir, tenant, "..");
      const { atime, mtime } = statSync(tenantDir);
      // Gained: a new file beside tenant.yaml, the directory's mtime put back (its ctime still moves).
      writeFileSync(join(tenantDir, "notes.yaml"), "a: 1\n");
      utimesSync(tenantDir, atime, mtime);
      const gained = statIndex(cache, later());
      const ws = readRepo(dir, gained);
      expect(gained.listings.recorded).toBe(1);
      expect(ws.tree.files.has(tenant.replace("tenant.yaml", "notes.yaml"))).toBe(true);
      gained.save(true);
      // Swapped: the new file replaced by a symbolic link is reported, not read.
      rmSync(join(tenantDir, "notes.yaml"));
      symlinkSync("tenant.yaml", join(tenantDir, "notes.yaml"));
      const swapped = readRepo(dir, statIndex(cache, later()));
      expect(swapped.tree.problems.map((p) => p.code)).toEqual(["PK107"]);
      // Lost: gone again, the listing is the first one.
      rmSync(join(tenantDir, "notes.yaml"));
      const lost = readRepo(dir, statIndex(cache, later()));
      expect([...lost.tree.files.keys()].sort()).toEqual([...first.tree.files.keys()].sort());
      expect(lost.tree.problems).toEqual([]);
    });
  });

  it("does not record a directory changed too recently to tell a second change from the first", () => {
    const dir = tempRepo(files);
    try {
      const index = statIndex(memoryCache(), Date.now());
      readRepo(dir, index);
      expect(index.listings).toEqual({ hits: 0, recorded: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes only what changed when a few files did, and reads the index and that change back as one", () => {
    indexed((dir, cache, first) => {
      const puts: number[] = [];
      const counting = { ...cache, get: cache.get, put: (key: string, value: unknown, apart?: boolean) => (puts.push(JSON.stringify(value).length), cache.put(key, value, apart)) };
      const tenant = Object.keys(files).find((f) => f.endsWith("tenant.yaml"))!;
      const lock = Object.keys(files).find((f) => f.endsWith("packs.lock.json") && !f.startsWith(tenant.split("/").slice(0, 2).join("/")))!;
      const goneBlob = git(dir, "hash-object", join(dir, lock));
      writeFileSync(join(dir, tenant), files[tenant]! + "# edited\n");
      rmSync(join(dir, lock));
      const index = statIndex(counting, later());
      readRepo(dir, index);
      index.save(true);
      const whole = JSON.stringify(cache.get<unknown>(createHash("sha256").update("stat-index-3").digest("hex"))).length;
      expect(puts.length).toBe(1);
      expect(puts[0]).toBeLessThan(whole / 4);
      const again = statIndex(cache, later());
      const ws = readRepo(dir, again);
      expect(again.stats).toEqual({ hits: Object.keys(files).length - 1, recorded: 0 });
      expect(text(ws.tree.files.get(tenant))).toBe(files[tenant]! + "# edited\n");
      expect(ws.tree.files.has(lock)).toBe(false);
      expect(again.blobs().has(goneBlob)).toBe(false);
      expect([...ws.tree.files.keys()].length).toBe(first.tree.files.size - 1);
    });
  });

  it("refuses a listed file that changed before its bytes were read (exit 2 from the CLI's point of view), never answering with other bytes", () => {
    indexed((dir, cache) => {
      const ws = readRepo(dir, statIndex(cache, later()));
      const file = Object.keys(files).find((f) => f.endsWith("tenant.yaml"))!;
      writeFileSync(join(dir, file), files[file]! + "# changed meanwhile\n");
      expect(() => ws.tree.files.get(file)).toThrow(expect.objectContaining({ code: "ECHANGED", syscall: "read", message: expect.stringContaining(`${file} changed while packc was reading`) }));
    });
  });

  it("does not record a file modified too recently to tell a second change from the first, nor trust an index edited by hand", () => {
    const dir = tempRepo(files);
    try {
      const cache = memoryCache();
      const now = statIndex(cache, Date.now());
      readRepo(dir, now);
      expect(now.stats.recorded).toBe(0);
      now.save(true);
      expect(statIndex(cache, later()).lookup("packc.yaml", statSync(join(dir, "packc.yaml"), { bigint: true }))).toBeUndefined();
      // An index edited by hand (a digest changed, the entry's own sha256 left as it was) is not read.
      const cacheDir = mkdtempSync(join(tmpdir(), "packc-index-"));
      try {
        const store = fileCache(cacheDir, "test-build");
        const cold = statIndex(store, later());
        readRepo(dir, cold);
        cold.save(true);
        expect(store.save()).toBeNull();
        const file = join(cacheDir, "test-build.json");
        const { digest, value: saved } = readCacheMain<{ entries: Record<string, { sha256: string; json: string }> }>(file);
        const entry = Object.values(saved.entries).find((e) => e.json.includes("packc.yaml\\u0000"))!;
        const original = entry.json;
        entry.json = entry.json.replace(/\\u0000([0-9a-f])([0-9a-f]{63})\\u0000/, (_, c: string, rest: string) => `\\u0000${c === "0" ? "1" : "0"}${rest}\\u0000`);
        expect(entry.json).not.toBe(original);
        writeCacheMain(file, digest, saved);
        const reopened = fileCache(cacheDir, "test-build");
        const warm = statIndex(reopened, later());
        readRepo(dir, warm);
        expect(warm.stats.hits).toBe(0);
        expect(reopened.stats.rejected).toBe(1);
      } finally {
        rmSync(cacheDir, { recursive: true, force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the stat index's delta", () => {
  // Runs over paths p0..p7, each looking at some of them (a whole run: all) and finding each as
  // the previous run left it, changed (a new identity and digest) or gone: read back, the index
  // must know exactly the last record of each path, however deltas and folds interleave. A path
  // a partial run does not look at keeps its record; only a whole run drops a gone one.
  const stat = (version: number) => ({ size: 1n, mtimeNs: BigInt(version), ctimeNs: BigInt(version), ino: 1n, dev: 1n, isDirectory: () => false }) as unknown as BigIntStats;
  const run = fc.record({ whole: fc.boolean(), seen: fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.constantFrom("same", "changed", "gone")), { maxLength: 8 }) });
  test.prop([fc.array(run, { minLength: 1, maxLength: 12 })], { numRuns: 150 })("reads back the last record of every path", (runs) => {
    const cache = memoryCache();
    const state = new Map<string, number>();
    let version = 0;
    const record = (index: ReturnType<typeof statIndex>, path: string) => {
      version++;
      expect(index.lookup(path, stat(version))).toBeUndefined();
      index.record(path, stat(version), `d${version}`, `b${version}`);
      state.set(path, version);
    };
    const first = statIndex(cache, later());
    for (let i = 0; i < 8; i++) record(first, `p${i}`);
    first.save(true);
    for (const r of runs) {
      const index = statIndex(cache, later());
      const seen = new Map<string, string>(r.seen.map(([i, what]) => [`p${i}`, what] as const));
      for (let i = 0; i < 8; i++) {
        const path = `p${i}`;
        const what = r.whole ? (seen.get(path) ?? "same") : seen.get(path);
        const known = state.get(path);
        if (what === "gone") {
          if (r.whole) state.delete(path);
        } else if (what === "same" && known !== undefined) {
          expect(index.lookup(path, stat(known))).toBe(`d${known}`);
        } else if (what !== undefined) {
          record(index, path);
        }
      }
      index.save(r.whole);
      const check = statIndex(cache, later());
      for (const [path, v] of state) expect(check.lookup(path, stat(v)), path).toBe(`d${v}`);
      expect([...check.blobs().keys()].sort()).toEqual([...state.values()].map((v) => `b${v}`).sort());
    }
  });
});

describe("the blob index", () => {
  it("lists a commit's files whose blob it knows by digest, reads them when asked, and refuses a wrong digest", () => {
    const dir = gitRepo(files);
    try {
      const commit = resolveCommit(dir, "HEAD");
      const cache = memoryCache();
      const cold = blobIndex(cache);
      const first = readRepoWith(commitSource(dir, commit, cold), lazyTree());
      expect(cold.stats).toEqual({ hits: 0, recorded: Object.keys(files).length });
      cold.save();
      const warm = blobIndex(cache);
      const second = readRepoWith(commitSource(dir, commit, warm), lazyTree());
      expect(warm.stats).toEqual({ hits: Object.keys(files).length, recorded: 0 });
      for (const [f, t] of Object.entries(files)) {
        expect(second.tree.digests!.get(f)).toBe(first.tree.digests!.get(f));
        expect(text(second.tree.files.get(f))).toBe(t);
      }
      // A working-tree read records the same blob ids in the stat index (a whole check's cache serves a diff of commits).
      const treeCache = memoryCache();
      const fromTree = statIndex(treeCache, later());
      readRepo(dir, fromTree);
      expect(fromTree.stats.recorded).toBe(Object.keys(files).length);
      fromTree.save(true);
      const viaTree = blobIndex(memoryCache(), () => statIndex(treeCache, later()).blobs());
      expect(viaTree.lookup(git(dir, "rev-parse", "HEAD:packc.yaml"))).toBe(first.tree.digests!.get("packc.yaml"));
      expect(blobIndex(memoryCache()).lookup(git(dir, "rev-parse", "HEAD:packc.yaml"))).toBeUndefined();
      // A digest the cache got wrong (a damaged or forged entry) is refused when the bytes are read.
      const forged = blobIndex(cache);
      forged.record(git(dir, "rev-parse", "HEAD:packc.yaml"), "0".repeat(64));
      forged.save();
      // (packc.yaml is read at once: it names the base documents.)
      expect(() => readRepoWith(commitSource(dir, commit, blobIndex(cache)), lazyTree())).toThrow(/the cache's digest of packc.yaml .* is wrong: delete the cache directory/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the two sides of a diff", () => {
  /** A lazy workspace whose files are all deferred; `reads` lists every path whose bytes were asked for. */
  const side = (reads: string[], seed?: Workspace) => {
    const tree = lazyTree();
    for (const [f, t] of Object.entries(files)) {
      (tree.files as LazyFiles).defer(f, () => (reads.push(f), new TextEncoder().encode(t)));
      tree.digests!.set(f, createHash("sha256").update(t).digest("hex"));
    }
    return workspace(tree, seed);
  };

  it("share parses of equal files both ways, and a parse never reads the other side's files", () => {
    const headReads: string[] = [];
    const baseReads: string[] = [];
    const head = side(headReads);
    const base = side(baseReads, head);
    const [first, second] = Object.keys(files).filter((f) => f.endsWith("tenant.yaml"));
    // Neither side parsed it: the base parses its own bytes, and the head reads nothing.
    const parsed = base.parse(first!);
    expect(baseReads).toEqual([first]);
    expect(headReads).toEqual([]);
    // The head now takes the base's parse without reading, and the base takes the head's.
    expect(head.parse(first!)).toBe(parsed);
    expect(headReads).toEqual([]);
    const other = head.parse(second!);
    expect(base.parse(second!)).toBe(other);
    expect(baseReads).toEqual([first]);
  });

  it("do not share a parse when the digests differ", () => {
    const head = side([]);
    const base = side([], head);
    const file = Object.keys(files).find((f) => f.endsWith("tenant.yaml"))!;
    base.tree.digests!.set(file, "0".repeat(64));
    expect(base.parse(file)).not.toBe(head.parse(file));
  });
});

describe("a check with a warm cache (the built CLI)", () => {
  it("reads only changed files, and reports what a check without a cache reports after any of them changes", () => {
    const dir = tempRepo(files);
    try {
      // Files older than the racy window, so the first check records them all.
      const old = new Date(Date.now() - 3_600_000);
      for (const f of Object.keys(files)) utimesSync(join(dir, f), old, old);
      // Setting the times changed every file's change time: wait until it, too, is old enough.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2_100);
      const check = (...args: string[]) => cli(["check", "--repo", dir, "--format", "json", ...args]);
      const reference = check("--no-cache");
      expect(check().stdout).toBe(reference.stdout);
      const warm = check("--verbose");
      expect(warm.stdout).toBe(reference.stdout);
      const n = Object.keys(files).length;
      expect(warm.stderr).toContain(`${n} of ${n} files unchanged since it saw them`);
      const file = Object.keys(files).find((f) => f.endsWith("tenant.yaml"))!;
      writeFileSync(join(dir, file), readFileSync(join(dir, file), "utf8").replace(/^status: \w+$/m, "status: NOT-A-STATUS"));
      const after = check("--verbose");
      expect(after.stdout).not.toBe(reference.stdout);
      expect(after.stdout).toBe(check("--no-cache").stdout);
      expect(after.stderr).toContain(`${n - 1} of ${n} files unchanged since it saw them`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
