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

/** Wraps a FileTree in a Workspace. */
export function workspace(tree: FileTree): Workspace {
  const cache = new Map<string, Parsed>();
  return {
    tree,
    has: (file) => tree.files.has(file),
    parse(file) {
      const hit = cache.get(file);
      if (hit) return hit;
      const bytes = tree.files.get(file);
      if (!bytes) return undefined;
      const parsed = parseBytes(file, bytes);
      cache.set(file, parsed);
      return parsed;
    },
  };
}
