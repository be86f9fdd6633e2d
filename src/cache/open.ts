import { isAbsolute, join } from "node:path";
import { guardOutput, markedOwnership, OutputRefusedError, repositoryInputs } from "../emit/out-guard.js";
import { CACHEDIR_TAG, fileCache, lazyStore, type CacheStore } from "./store.js";

/** Where the cache lives unless `--cache` (or the Action's `cache` input) says otherwise, relative to the repository. */
export const DEFAULT_CACHE = ".packc/cache";

/**
 * Opens the cache directory `given` (relative to the repository `root`; undefined: {@link
 * DEFAULT_CACHE}; false: none) after checking it as an output: never the repository, a directory
 * above it or one of its inputs (`baseDocuments` among them), and an existing non-empty directory
 * only when it carries packc's `CACHEDIR.TAG`. A refused directory the user named throws
 * OutputRefusedError; a refused default calls `warn` and gives no cache, so the run goes on
 * without one. Reads the file system (the store's files only when it is first used); writes
 * nothing until the store is saved.
 */
export function openCache(given: string | false | undefined, root: string, baseDocuments: readonly string[], warn: (message: string) => void): { store: CacheStore; name: string } | null {
  if (given === false) return null;
  const name = given ?? DEFAULT_CACHE;
  const dir = isAbsolute(name) ? name : join(root, name);
  try {
    guardOutput(dir, { root, inputs: repositoryInputs(baseDocuments), name: `--cache ${name}`, owned: markedOwnership(CACHEDIR_TAG) });
  } catch (e) {
    if (!(e instanceof OutputRefusedError) || given !== undefined) throw e;
    warn(`not using the cache: ${e.message}`);
    return null;
  }
  return { store: lazyStore(() => fileCache(dir)), name };
}
