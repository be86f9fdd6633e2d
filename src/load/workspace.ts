import type { FileTree } from "../repo/fs-tree.js";
import { LazyFiles } from "../repo/lazy-files.js";
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
  /** The parse of `file` when one was already made; never reads or parses anything. */
  peek(file: string): Parsed | undefined;
  /** Lets `other` (the other side of a diff) share this workspace's parses (see {@link workspace}). */
  pair(other: Workspace): void;
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
 * Wraps a FileTree in a Workspace. With `seed` (the other side of a diff), the two share parses
 * of files whose bytes are equal, both ways: the two sides of a pull request share almost every
 * file. Where both trees know a file's digest (lazy trees, `repo/lazy-files.ts`), a parse either
 * side already made is taken, and nothing is read for it; a file neither side has parsed yet is
 * read and parsed by the side that asks, from its own bytes, so sharing never reads the other
 * side's files (a commit's files are read in batches per side). Where the seed's tree holds
 * every file's bytes already, equal bytes take the seed's parse. A parse is a pure function of
 * the path and the bytes, and no stage mutates one, so sharing it is exact.
 */
export function workspace(tree: FileTree, seed?: Workspace, listedPackIds?: ReadonlySet<string>): Workspace {
  const cache = new Map<string, Parsed>();
  const others: Workspace[] = [];
  const ws: Workspace = {
    tree,
    ...(listedPackIds ? { listedPackIds } : {}),
    has: (file) => tree.files.has(file),
    peek: (file) => cache.get(file),
    pair: (other) => void others.push(other),
    parse(file) {
      const hit = cache.get(file);
      if (hit) return hit;
      const digest = tree.digests?.get(file);
      if (digest !== undefined) {
        for (const other of others) {
          const shared = other.tree.digests?.get(file) === digest ? other.peek(file) : undefined;
          if (shared) {
            cache.set(file, shared);
            return shared;
          }
        }
      }
      const bytes = tree.files.get(file);
      if (!bytes) return undefined;
      const eager = seed && !(seed.tree.files instanceof LazyFiles) ? seed.tree.files.get(file) : undefined;
      const parsed = eager && Buffer.compare(eager, bytes) === 0 ? seed!.parse(file)! : parseBytes(file, bytes);
      cache.set(file, parsed);
      return parsed;
    },
  };
  if (seed) {
    others.push(seed);
    seed.pair(ws);
  }
  return ws;
}
