import { lstatSync, type BigIntStats } from "node:fs";
import { join } from "node:path";
import { cmp } from "../diagnostics/types.js";
import { listDir, readPath, type FileTree, type StatIndex } from "./fs-tree.js";
import { within } from "./lazy-files.js";

/** One entry of a directory listing: its name, and whether it is a directory (a symbolic link is not). */
export interface DirEntry {
  name: string;
  dir: boolean;
}

/**
 * Where a repository's files come from: the working tree ({@link workingTree}), a commit
 * (`repo/git.ts` `commitSource`) or memory ({@link memorySource}). A whole run reads
 * `packc.yaml`, `packs/` and `tenants/` at once; a scoped run lists directories first and reads
 * only the subtrees its scope needs (`impact/read-scoped.ts`).
 */
export interface RepoSource {
  /**
   * The entries directly under directory `rel` (repository-relative, `/`-separated), in
   * code-point order; null when `rel` is not a directory (absent, a file, a symbolic link).
   */
  list(rel: string): DirEntry[] | null;
  /**
   * Adds each of `rels` (a file or a directory, recursively) to `tree`, as `readPath` does for
   * the working tree: symbolic links PK107 and not followed, files over the size cap PK105,
   * unreadable ones PK114; a missing path adds nothing. Several paths are read in one go where
   * the source can batch (a commit: one `git cat-file`).
   */
  read(rels: readonly string[], tree: FileTree): void;
}

/**
 * The working tree at `root` (the file system; symbolic links never followed). With `index`,
 * into a `lazyTree`: files the index knows unchanged are listed, not read (`repo/fs-tree.ts`).
 */
export function workingTree(root: string, index?: StatIndex): RepoSource {
  // Directories this source has seen to be directories, not links (an `lstat`, or a listing's
  // entry type, which does not follow links): listing or reading under them skips that check
  // again. A scoped read lists and reads inside 10,000 tenant directories.
  const dirs = new Set<string>();
  // Each directory is listed once per source: a run sees one snapshot (finding untracked files
  // and then the scoped read list the same 10,000 tenant directories).
  const listed = new Map<string, DirEntry[] | null>();
  const list = (rel: string): DirEntry[] | null => {
    let entries = listed.get(rel);
    if (entries === undefined) listed.set(rel, (entries = listOnce(rel)));
    return entries;
  };
  const listOnce = (rel: string): DirEntry[] | null => {
    const path = join(root, rel);
    try {
      // With an index, one `lstat` both checks the directory and identifies its listing.
      const stat = index ? lstatSync(path, { bigint: true }) : !dirs.has(rel) ? lstatSync(path) : undefined;
      if (stat && !stat.isDirectory()) return null;
      dirs.add(rel);
      const entries = listDir(root, rel, index, index ? (stat as BigIntStats) : undefined).map((e) => ({ name: e.name, dir: e.type === "d" }));
      for (const e of entries) if (e.dir) dirs.add(rel === "" ? e.name : `${rel}/${e.name}`);
      return entries;
    } catch {
      return null;
    }
  };
  return {
    list,
    read(rels, tree) {
      for (const rel of rels) readPath(root, rel, tree, dirs, index);
    },
  };
}

/**
 * Files held in memory (path → bytes), as a source: tests and the benchmark use it to run the
 * scoped reading on generated repositories. Reads copy nothing: the tree gets the same bytes.
 */
export function memorySource(files: ReadonlyMap<string, Uint8Array>): RepoSource {
  return {
    list(rel) {
      const prefix = rel === "" ? "" : `${rel}/`;
      const entries = new Map<string, boolean>();
      for (const path of files.keys()) {
        if (!path.startsWith(prefix)) continue;
        const rest = path.slice(prefix.length);
        const slash = rest.indexOf("/");
        entries.set(slash === -1 ? rest : rest.slice(0, slash), slash !== -1);
      }
      if (!entries.size) return null;
      return [...entries].map(([name, dir]) => ({ name, dir })).sort((a, b) => cmp(a.name, b.name));
    },
    read(rels, tree) {
      const wanted = new Set(rels);
      for (const [path, bytes] of files) if (within(path, wanted)) tree.files.set(path, bytes);
    },
  };
}

export { within };
