import { createHash } from "node:crypto";
import type { BlobIndex } from "../repo/git.js";
import type { CacheStore } from "./store.js";

/** The one cache entry that holds the index; bumped whenever its shape changes. */
const KEY = createHash("sha256").update("blob-index-1").digest("hex");

/** A {@link BlobIndex} kept in the cache, with {@link save} to store what this run saw. */
export interface CachedBlobIndex extends BlobIndex {
  /** Puts the blobs this run looked up or recorded (and no others) into the cache, when any is new. */
  save(): void;
  /** Blobs found with a known digest, and blobs read and recorded, in this run. */
  readonly stats: { hits: number; recorded: number };
}

/**
 * The blob index of the cache `cache` (see {@link BlobIndex}): git blob id → sha256 of the bytes,
 * as one cache entry (so it carries its own digest, and one written by another build is never
 * read). A blob id names its bytes, so an entry is never stale; the index keeps the blobs of the
 * last run that read commits (a pull request's two sides share nearly all of them), except
 * those `known` gives. `known`, asked once and only when the entry lacks a blob: more blob ids
 * with their digests (the stat index's, `stat-index.ts`: the working tree as a check last saw
 * it), so a diff after a check writes only the blobs the working tree did not have.
 */
export function blobIndex(cache: CacheStore, known?: () => ReadonlyMap<string, string>): CachedBlobIndex {
  const stored = cache.get<Record<string, string>>(KEY);
  const before = stored && typeof stored === "object" ? stored : {};
  const next: Record<string, string> = {};
  const stats = { hits: 0, recorded: 0 };
  let more: ReadonlyMap<string, string> | undefined;
  return {
    stats,
    lookup(oid) {
      const own = Object.hasOwn(before, oid) ? before[oid] : undefined;
      // A blob `known` gives stays out of the entry: the stat index holds it as long as the working tree does.
      const digest = own ?? (known ? (more ??= known()).get(oid) : undefined);
      if (typeof digest !== "string") return undefined;
      if (own !== undefined) next[oid] = digest;
      stats.hits++;
      return digest;
    },
    record(oid, digest) {
      next[oid] = digest;
      if (!Object.hasOwn(before, oid) || before[oid] !== digest) stats.recorded++;
    },
    save() {
      if (stats.recorded === 0 && Object.keys(next).length === Object.keys(before).length) return;
      // Nothing new, and only entries the stat index also holds dropped: the entry as it is serves as well.
      if (stats.recorded === 0 && Object.keys(before).every((oid) => Object.hasOwn(next, oid) || (more ??= known?.())?.has(oid))) return;
      cache.put(KEY, next);
    },
  };
}
