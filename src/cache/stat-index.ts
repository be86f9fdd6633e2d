import { createHash } from "node:crypto";
import type { BigIntStats } from "node:fs";
import type { StatIndex } from "../repo/fs-tree.js";
import type { BlobIndex } from "../repo/git.js";
import type { CacheStore } from "./store.js";

/** The one cache entry that holds the index; bumped whenever its shape changes. */
const KEY = createHash("sha256").update("stat-index-2").digest("hex");

/**
 * A file whose modification time is this close to the start of the run (or later) is not
 * recorded: a second change within the file system's timestamp granularity would leave the same
 * `lstat` behind (git calls such entries "racy"). 2 s covers the coarsest (FAT).
 */
const RACY_NS = 2_000_000_000n;

/** What identifies one state of a file: size, modification and change times (ns), inode and device. */
const identity = (st: BigIntStats) => `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}:${st.dev}`;

/** A {@link StatIndex} kept in the cache, with {@link save} to store what this run saw. */
export interface CachedStatIndex extends StatIndex {
  /**
   * Puts the index into the cache: every file this run found unchanged or recorded, and, unless
   * `whole` (a run that listed every file, so a file it did not see is gone), the entries of
   * files it did not look at.
   */
  save(whole: boolean): void;
  /** Files found unchanged by their `lstat`, and files read and recorded, in this run. */
  readonly stats: { hits: number; recorded: number };
}

/**
 * The stat index of the cache `cache` (see {@link StatIndex}): repository-relative path →
 * `lstat` identity, sha256 of the bytes and git blob id, as one cache entry (so it carries its own digest,
 * and one written by another build is never read). `nowMs` is the start of the run (racy
 * entries: {@link RACY_NS}). With `blobs`, every file found or read is also recorded there by its
 * git blob id, so a later diff reading commits knows their digests without reading them.
 */
export function statIndex(cache: CacheStore, nowMs = Date.now(), blobs?: BlobIndex): CachedStatIndex {
  const stored = cache.get<Record<string, [string, string, string]>>(KEY);
  const before = stored && typeof stored === "object" ? stored : {};
  const next: Record<string, [string, string, string]> = {};
  const limit = BigInt(nowMs) * 1_000_000n - RACY_NS;
  const stats = { hits: 0, recorded: 0 };
  let changed = false;
  return {
    stats,
    lookup(rel, st) {
      const entry = Object.hasOwn(before, rel) ? before[rel] : undefined;
      if (!Array.isArray(entry) || entry[0] !== identity(st) || typeof entry[1] !== "string" || typeof entry[2] !== "string") return undefined;
      next[rel] = entry;
      stats.hits++;
      blobs?.record(entry[2], entry[1]);
      return entry[1];
    },
    record(rel, st, digest, blob) {
      // A blob id names its bytes whenever they were read: the blob index takes it even when racy.
      blobs?.record(blob, digest);
      if (st.mtimeNs >= limit || st.ctimeNs >= limit) return;
      next[rel] = [identity(st), digest, blob];
      stats.recorded++;
      changed = true;
    },
    save(whole) {
      // Serializing 40,000 entries is worth skipping when every file was found as it was.
      if (!changed && !(whole && Object.keys(before).length !== stats.hits)) return;
      cache.put(KEY, whole ? next : { ...before, ...next });
    },
  };
}
