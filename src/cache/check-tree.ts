import { readRepo } from "../load/repo.js";
import type { ProgressSink } from "../util/progress-sink.js";
import { cachedCheck, type CheckReport } from "./cached-check.js";
import { statIndex } from "./stat-index.js";
import type { CacheStore } from "./store.js";

/** A cached check of a working tree, and how many of its files the stat index let it skip reading. */
export interface TreeCheck {
  report: CheckReport;
  /** Files listed, and of those found unchanged by their `lstat` (not read unless needed). */
  files: number;
  unchanged: number;
}

/**
 * `packc check` of the working tree at `root` with the cache `store` (the CLI's whole check and
 * the Action's `check`): read with the cache's stat index, so files found unchanged are read
 * only if something is recomputed from them, checked by {@link cachedCheck}, and the stat
 * index put back into the store (the caller saves it). Every file's git blob id is recorded
 * there, so a later `diff` of commits finds their digests. Reads the working tree only.
 */
export function checkWorkingTree(root: string, store: CacheStore, progress?: ProgressSink): TreeCheck {
  const index = statIndex(store, Date.now());
  const ws = readRepo(root, index);
  const report = cachedCheck(ws, store, progress);
  index.save(true);
  return { report, files: ws.tree.files.size, unchanged: index.stats.hits };
}
