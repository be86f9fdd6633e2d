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
}

/**
 * Wraps a FileTree in a Workspace. With `seed` (the other side of a diff), a file whose bytes
 * equal the seed's file at the same path takes the seed's parse instead of parsing again: the
 * two sides of a pull request share almost every file. A parse is a pure function of the path
 * and the bytes, and no stage mutates one, so sharing it is exact.
 */
export function workspace(tree: FileTree, seed?: Workspace): Workspace {
  const cache = new Map<string, Parsed>();
  return {
    tree,
    has: (file) => tree.files.has(file),
    parse(file) {
      const hit = cache.get(file);
      if (hit) return hit;
      const bytes = tree.files.get(file);
      if (!bytes) return undefined;
      const same = seed?.tree.files.get(file);
      const parsed = same && Buffer.compare(same, bytes) === 0 ? seed!.parse(file)! : parseBytes(file, bytes);
      cache.set(file, parsed);
      return parsed;
    },
  };
}
