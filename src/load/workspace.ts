import type { FileTree } from "../repo/fs-tree.js";
import { parseBytes, type Parsed } from "./parse.js";

/**
 * The repository's bytes plus a parse cache: every file is parsed at most once, whichever stage
 * asks first (DESIGN.md "parse each file once"). Pure over the bytes; reads nothing.
 */
export interface Workspace {
  readonly tree: FileTree;
  /** The parsed file, or undefined when the tree has no such file. */
  parse(file: string): Parsed | undefined;
  /** Whether the tree holds `file`. */
  has(file: string): boolean;
  /**
   * The pack ids of the whole repository, when the tree holds only part of it (a scoped read
   * lists `packs/`): every directory under `packs/` with something in it. Absent for a whole
   * read, where {@link packIds} finds them in the tree.
   */
  readonly listedPackIds?: ReadonlySet<string>;
}

/**
 * Every pack id of the repository: the directories under `packs/` that hold something (a file
 * at any depth, as the tree sees it; a scoped read's listing otherwise). Suggestions such as
 * PK242's "did you mean" draw on these, so that a scoped run suggests what a full run suggests.
 */
export function packIds(ws: Workspace): ReadonlySet<string> {
  if (ws.listedPackIds) return ws.listedPackIds;
  const ids = new Set<string>();
  for (const file of ws.tree.files.keys()) {
    const parts = file.split("/");
    if (parts[0] === "packs" && parts.length >= 3) ids.add(parts[1]!);
  }
  return ids;
}

/**
 * Wraps a FileTree in a Workspace. With `seed` (the other side of a diff), a file whose bytes
 * equal the seed's file at the same path takes the seed's parse instead of parsing again: the
 * two sides of a pull request share almost every file. A parse is a pure function of the path
 * and the bytes, and no stage mutates one, so sharing it is exact.
 */
export function workspace(tree: FileTree, seed?: Workspace, listedPackIds?: ReadonlySet<string>): Workspace {
  const cache = new Map<string, Parsed>();
  return {
    tree,
    ...(listedPackIds ? { listedPackIds } : {}),
    has: (file) => tree.files.has(file),
    parse(file) {
      const hit = cache.get(file);
      if (hit) return hit;
      // Equal digests (both reads knew them) share the seed's parse without reading either file.
      const digest = tree.digests?.get(file);
      if (seed && digest !== undefined && digest === seed.tree.digests?.get(file) && tree.files.has(file) && seed.has(file)) {
        const shared = seed.parse(file)!;
        cache.set(file, shared);
        return shared;
      }
      const bytes = tree.files.get(file);
      if (!bytes) return undefined;
      const same = seed?.tree.files.get(file);
      const parsed = same && Buffer.compare(same, bytes) === 0 ? seed!.parse(file)! : parseBytes(file, bytes);
      cache.set(file, parsed);
      return parsed;
    },
  };
}
