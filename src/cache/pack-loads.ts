import { createHash } from "node:crypto";
import type { LoadedDir, PackLoadMemo } from "../dialects/api.js";
import type { BaseDocuments, PackDir } from "../dialects/types.js";
import type { Workspace } from "../load/workspace.js";
import type { CacheStore } from "./store.js";
import { bytesDigest } from "./file-memo.js";

/** Bumped whenever what an entry holds changes shape (the packc build is part of every key already). */
const FORMAT = "pack-load-1";

/**
 * A {@link PackLoadMemo} over `cache` for the pack version directories of `ws`: a full load (the
 * normalized pack version and the diagnostics of loading it) is stored, in an entry of its own
 * (`CacheStore.put` `apart`), under the sha256 of the directory, the path and sha256 of each of
 * its files, and the base documents (config, base policy, declared runtime) as JSON: all a
 * dialect's `load` reads (`dialects/types.ts` PackContext; a pack file outside the directory is
 * PK106, never read). So a pack version found unchanged is not parsed or validated again, in
 * either side of a diff. A load whose value JSON would not give back exactly (a non-finite
 * number, -0, an undefined member, a non-plain object) is computed every time, never stored.
 * Each entry's own digest guards it (`cache/store.ts`).
 */
export function packLoadMemo(ws: Workspace, cache: CacheStore): PackLoadMemo {
  const baseKeys = new WeakMap<BaseDocuments, string>();
  const found = new Map<string, LoadedDir>();
  const keyOf = (dir: PackDir, base: BaseDocuments): string | undefined => {
    let baseKey = baseKeys.get(base);
    if (baseKey === undefined) baseKeys.set(base, (baseKey = createHash("sha256").update(JSON.stringify(base) ?? "").digest("hex")));
    const h = createHash("sha256").update(`${FORMAT}\0${baseKey}\0${dir.dir}\0`);
    for (const f of dir.files) {
      const digest = bytesDigest(ws, `${dir.dir}/${f}`);
      if (digest === undefined) return undefined;
      h.update(`${f}\t${digest}\0`);
    }
    return h.digest("hex");
  };
  /** The cached load under `key`, asked of the store once. */
  const lookup = (key: string): LoadedDir | undefined => {
    let hit = found.get(key);
    if (hit === undefined) {
      hit = cache.get<LoadedDir>(key);
      if (hit !== undefined) found.set(key, hit);
    }
    return hit;
  };
  return {
    holds(dir, base) {
      const key = keyOf(dir, base);
      return key !== undefined && lookup(key) !== undefined;
    },
    load(dir, base, compute) {
      const key = keyOf(dir, base);
      if (key === undefined) return compute();
      const hit = lookup(key);
      if (hit !== undefined) {
        // Each load is the caller's own object (registry rules mark packs invalid): not shared.
        found.delete(key);
        return hit;
      }
      const loaded = compute();
      if (jsonExact(loaded)) cache.put(key, loaded, true);
      return loaded;
    },
  };
}

/**
 * Whether `JSON.parse(JSON.stringify(value))` is deeply equal to `value`: only plain objects,
 * arrays, strings, booleans, null and finite numbers other than -0, no undefined member or hole,
 * no `__proto__` key (which JSON.parse would make an own property).
 */
export function jsonExact(value: unknown): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "object": {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !jsonExact(value[i])) return false;
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      for (const k in value) {
        if (k === "__proto__" || !Object.hasOwn(value, k)) return false;
        if (!jsonExact((value as Record<string, unknown>)[k])) return false;
      }
      return Object.getOwnPropertySymbols(value).length === 0;
    }
    default:
      return false;
  }
}
