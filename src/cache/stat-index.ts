import { createHash } from "node:crypto";
import type { BigIntStats } from "node:fs";
import type { ListedEntry, StatIndex } from "../repo/fs-tree.js";
import type { CacheStore } from "./store.js";

/** The cache entry that holds the index; bumped whenever its shape changes. */
const KEY = createHash("sha256").update("stat-index-3").digest("hex");
/**
 * The cache entry that holds what changed since {@link KEY} was written (records that differ,
 * and tombstones for those gone), so a run that saw a few files change does not rewrite the
 * whole index; folded into it once it would hold more than {@link DELTA_SHARE} of it.
 */
const DELTA_KEY = createHash("sha256").update("stat-index-3-delta").digest("hex");
const DELTA_SHARE = 1 / 8;
/** A record that says a file or directory is gone: its identity matches no `lstat`. */
const GONE_FILE: FileRecord = ["", "", ""];
const GONE_DIR: DirRecord = ["", ""];

/**
 * A file whose modification time is this close to the start of the run (or later) is not
 * recorded: a second change within the file system's timestamp granularity would leave the same
 * `lstat` behind (git calls such entries "racy"). 2 s covers the coarsest (FAT).
 */
const RACY_NS = 2_000_000_000n;

/** What identifies one state of a file or directory: size, modification and change times (ns), inode and device. */
const identity = (st: BigIntStats) => `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}:${st.dev}`;

/**
 * The index as stored, two strings of fields each ended by NUL (the one character no path
 * holds), so that reading 40,000 files' entries is one split rather than a parse of as many
 * JSON arrays: `files`, four fields per file (path, identity, sha256, git blob id); `dirs`,
 * three per directory (path, identity, entries: each its type letter and name, `/`-separated).
 */
interface Stored {
  files: string;
  dirs: string;
}

/** A stored file: identity, sha256, git blob id. */
type FileRecord = readonly [string, string, string];
/** A stored directory: identity, entries as stored. */
type DirRecord = readonly [string, string];

/**
 * The records of a stored string of `width` NUL-ended fields each, by their first field (the
 * path), each made by `make` from the fields and its first field's index; empty for anything
 * else (absent, not a string, or not a whole number of records: a damaged entry, recomputed).
 */
function records<T>(text: unknown, width: number, make: (fields: string[], i: number) => T): Map<string, T> {
  const out = new Map<string, T>();
  if (typeof text !== "string" || !text) return out;
  const fields = text.split("\0");
  // A well-formed string ends with NUL: one empty field after the last record.
  if ((fields.length - 1) % width !== 0 || fields.at(-1) !== "") return out;
  for (let i = 0; i + width <= fields.length - 1; i += width) out.set(fields[i]!, make(fields, i));
  return out;
}

/** `base` with `delta`'s records put over it, and those a tombstone (an empty identity) names removed. */
function overlay<T extends readonly string[]>(base: Map<string, T>, delta: Map<string, T>): Map<string, T> {
  if (!delta.size) return base;
  const out = new Map(base);
  for (const [path, r] of delta) {
    if (r[0] === "") out.delete(path);
    else out.set(path, r);
  }
  return out;
}

/** The records of `now` that `base` lacks or holds otherwise, and `gone` for each path of `base` that `now` lacks. */
function difference<T extends readonly string[]>(base: Map<string, T>, now: Map<string, T>, gone: T): Map<string, T> {
  const out = new Map<string, T>();
  for (const [path, r] of now) {
    const b = base.get(path);
    if (!b || b.some((field, i) => field !== r[i])) out.set(path, r);
  }
  for (const path of base.keys()) if (!now.has(path)) out.set(path, gone);
  return out;
}

/**
 * `difference(base, overlay(base, delta) ∪ seen)` without building either map: `delta` (records
 * that differ from `base`, and tombstones) with each record `seen` put over it, or dropped where
 * it is again what `base` holds.
 */
function updated<T extends readonly string[]>(delta: Map<string, T>, base: Map<string, T>, seen: Map<string, T>): Map<string, T> {
  const out = new Map(delta);
  for (const [path, r] of seen) {
    const b = base.get(path);
    if (b && b.every((field, i) => field === r[i])) out.delete(path);
    else out.set(path, r);
  }
  return out;
}

/** The stored form ({@link Stored}) of file and directory records. */
function stored(files: Map<string, FileRecord>, dirs: Map<string, DirRecord>): Stored {
  let f = "";
  for (const [path, r] of files) f += `${path}\0${r[0]}\0${r[1]}\0${r[2]}\0`;
  let d = "";
  for (const [path, r] of dirs) d += `${path}\0${r[0]}\0${r[1]}\0`;
  return { files: f, dirs: d };
}

/** A {@link StatIndex} kept in the cache, with {@link save} to store what this run saw. */
export interface CachedStatIndex extends StatIndex {
  /**
   * Puts the index into the cache: every file and directory this run found unchanged or
   * recorded, and, unless `whole` (a run that listed every file, so a file it did not see is
   * gone), the entries of those it did not look at.
   */
  save(whole: boolean): void;
  /** Files found unchanged by their `lstat`, and files read and recorded, in this run. */
  readonly stats: { hits: number; recorded: number };
  /** Directories whose entries were found unchanged by their `lstat` (not listed again), and directories listed and recorded, in this run. */
  readonly listings: { hits: number; recorded: number };
  /**
   * Every git blob id the index knows, with the sha256 of its bytes: the files of the working
   * tree as it last saw them, which a diff reading commits meets again (`blob-index.ts`).
   */
  blobs(): Map<string, string>;
}

/**
 * The stat index of the cache `cache` (see {@link StatIndex}): repository-relative path →
 * `lstat` identity, sha256 of the bytes and git blob id, and directory → `lstat` identity and
 * entries, as one cache entry (so it carries its own digest, and one written by another build is
 * never read) and a second one of what changed since, so a run that saw a few files change
 * writes only those. `nowMs` is the start of the run (racy entries: {@link RACY_NS}). The git blob ids
 * it records let a later diff reading commits know their digests without reading them
 * ({@link CachedStatIndex.blobs}).
 */
export function statIndex(cache: CacheStore, nowMs = Date.now()): CachedStatIndex {
  const read = (key: string) => {
    const value = cache.get<Partial<Stored>>(key);
    return {
      files: records<FileRecord>(value?.files, 4, (f, i) => [f[i + 1]!, f[i + 2]!, f[i + 3]!]),
      dirs: records<DirRecord>(value?.dirs, 3, (f, i) => [f[i + 1]!, f[i + 2]!]),
    };
  };
  const base = read(KEY);
  const delta = read(DELTA_KEY);
  const before = { files: overlay(base.files, delta.files), dirs: overlay(base.dirs, delta.dirs) };
  const next = { files: new Map<string, FileRecord>(), dirs: new Map<string, DirRecord>() };
  const limit = BigInt(nowMs) * 1_000_000n - RACY_NS;
  const racy = (st: BigIntStats) => st.mtimeNs >= limit || st.ctimeNs >= limit;
  const stats = { hits: 0, recorded: 0 };
  const listings = { hits: 0, recorded: 0 };
  let changed = false;
  return {
    stats,
    listings,
    lookup(rel, st) {
      const entry = before.files.get(rel);
      if (!entry || entry[0] !== identity(st)) return undefined;
      next.files.set(rel, entry);
      stats.hits++;
      return entry[1];
    },
    record(rel, st, digest, blob) {
      if (racy(st)) return;
      next.files.set(rel, [identity(st), digest, blob]);
      stats.recorded++;
      changed = true;
    },
    listing(rel, st) {
      const entry = before.dirs.get(rel);
      if (!entry || entry[0] !== identity(st) || !st.isDirectory()) return undefined;
      const out: ListedEntry[] = [];
      for (const e of entry[1] ? entry[1].split("/") : []) {
        if (!"fdlo".includes(e[0] ?? "-") || e.length < 2) return undefined;
        out.push({ name: e.slice(1), type: e[0] as ListedEntry["type"] });
      }
      next.dirs.set(rel, entry);
      listings.hits++;
      return out;
    },
    recordListing(rel, st, entries) {
      if (racy(st)) return;
      next.dirs.set(rel, [identity(st), entries.map((e) => `${e.type}${e.name}`).join("/")]);
      listings.recorded++;
      changed = true;
    },
    blobs() {
      const out = new Map<string, string>();
      for (const entry of before.files.values()) out.set(entry[2], entry[1]);
      return out;
    },
    save(whole) {
      // Serializing 40,000 entries is worth skipping when every file and directory was found as it was.
      const dropped = whole && (before.files.size !== stats.hits || before.dirs.size !== listings.hits);
      if (!changed && !dropped) return;
      // A run that looked at a few paths: the delta as read, with what this run saw put over it.
      const change = whole
        ? { files: difference(base.files, next.files, GONE_FILE), dirs: difference(base.dirs, next.dirs, GONE_DIR) }
        : { files: updated(delta.files, base.files, next.files), dirs: updated(delta.dirs, base.dirs, next.dirs) };
      if (change.files.size + change.dirs.size <= DELTA_SHARE * (base.files.size + base.dirs.size)) {
        cache.put(DELTA_KEY, stored(change.files, change.dirs));
      } else {
        const files = whole ? next.files : new Map([...before.files, ...next.files]);
        const dirs = whole ? next.dirs : new Map([...before.dirs, ...next.dirs]);
        cache.put(KEY, stored(files, dirs));
        cache.put(DELTA_KEY, stored(new Map(), new Map()));
      }
    },
  };
}
