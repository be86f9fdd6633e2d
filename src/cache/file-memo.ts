import { createHash } from "node:crypto";
import type { FileMemo } from "../dialects/api.js";
import type { Workspace } from "../load/workspace.js";
import type { CacheStore } from "./store.js";

/** Bumped whenever what a memo entry holds changes shape. */
const FORMAT = "file-memo-1";

/**
 * A {@link FileMemo} over `cache` for the files of `ws`: what `compute` gives for a file is
 * stored under the sha256 of `kind`, the file's path and the sha256 of its bytes (and, through
 * the store, the packc build), so it is found again only for the same bytes at the same path.
 * `kind` keeps apart the different things computed from one file (a manifest's dependencies for
 * impact analysis, its manifest-only load). A file the workspace does not hold is computed, never
 * cached. Each file's digest is computed once. `apart`: keep the entries apart from the cache's
 * main file (`cache/store.ts`), for memos most runs never read.
 */
export function fileMemo(ws: Workspace, cache: CacheStore, kind: string, apart = false): FileMemo {
  return (file, compute) => {
    const digest = bytesDigest(ws, file);
    if (digest === undefined) return compute();
    const key = createHash("sha256").update(`${FORMAT}\0${kind}\0${file}\0${digest}`).digest("hex");
    const hit = cache.get<ReturnType<typeof compute>>(key);
    if (hit !== undefined) return hit;
    const value = compute();
    cache.put(key, value, apart);
    return value;
  };
}

const digests = new WeakMap<Workspace, Map<string, string>>();

/**
 * The sha256 (hex) of a file's bytes, once per workspace and file (or as the read found it,
 * `FileTree.digests`, without reading a file it deferred); undefined when the workspace lacks it.
 */
export function bytesDigest(ws: Workspace, file: string): string | undefined {
  let known = digests.get(ws);
  if (!known) digests.set(ws, (known = new Map()));
  let d = known.get(file) ?? ws.tree.digests?.get(file);
  if (d === undefined) {
    const bytes = ws.tree.files.get(file);
    if (!bytes) return undefined;
    d = createHash("sha256").update(bytes).digest("hex");
    known.set(file, d);
  }
  return d;
}
