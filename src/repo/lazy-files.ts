import type { FileTree } from "./fs-tree.js";

// Files listed by digest and read only when a stage needs their bytes: what a read with a
// cache's stat index (working tree) or blob index (commit) fills (`repo/fs-tree.ts`, `repo/git.ts`).

/**
 * A file map that may hold files not read yet (their bytes read on first `get`, or when the map
 * is iterated over its values): a read with a stat index (`repo/fs-tree.ts` `StatIndex`) or a blob index lists every file but reads only
 * those whose digest it does not know, and the rest only when a stage needs their bytes. Keys,
 * `has` and `size` never read anything.
 */
export class LazyFiles extends Map<string, Uint8Array> {
  readonly #pending = new Map<string, () => Uint8Array>();
  /**
   * Set by a source that reads many files faster at once (a commit: one `git cat-file`): the
   * bytes of `paths` (all deferred), for {@link prefetch}.
   */
  batchLoader?: (paths: string[]) => Map<string, Uint8Array>;

  /**
   * Reads now, in one go where the source can, every deferred file that is one of `rels` or lies
   * under one (`""`: every file): what a stage is about to read file by file.
   */
  prefetch(rels: readonly string[]): void {
    if (!this.batchLoader || !this.#pending.size) return;
    const all = rels.includes("");
    const wanted = new Set(rels);
    const paths = [...this.#pending.keys()].filter((p) => all || within(p, wanted));
    if (!paths.length) return;
    for (const [path, bytes] of this.batchLoader(paths)) {
      this.#pending.delete(path);
      super.set(path, bytes);
    }
  }

  /** Lists `path` now; `load` gives its bytes when first asked. */
  defer(path: string, load: () => Uint8Array): void {
    super.set(path, EMPTY);
    this.#pending.set(path, load);
  }

  override get(path: string): Uint8Array | undefined {
    const load = this.#pending.get(path);
    if (!load) return super.get(path);
    this.#pending.delete(path);
    const bytes = load();
    super.set(path, bytes);
    return bytes;
  }

  override set(path: string, bytes: Uint8Array): this {
    this.#pending?.delete(path);
    return super.set(path, bytes);
  }

  override delete(path: string): boolean {
    this.#pending.delete(path);
    return super.delete(path);
  }

  override entries(): MapIterator<[string, Uint8Array]> {
    this.#loadAll();
    return super.entries();
  }

  override values(): MapIterator<Uint8Array> {
    this.#loadAll();
    return super.values();
  }

  override forEach(fn: (value: Uint8Array, key: string, map: Map<string, Uint8Array>) => void, thisArg?: unknown): void {
    this.#loadAll();
    super.forEach(fn, thisArg);
  }

  override [Symbol.iterator](): MapIterator<[string, Uint8Array]> {
    return this.entries();
  }

  #loadAll(): void {
    for (const path of [...this.#pending.keys()]) this.get(path);
  }
}

const EMPTY = new Uint8Array(0);

/** Whether `path` is one of `rels` or lies under one of them (repository-relative, `/`-separated). */
export function within(path: string, rels: ReadonlySet<string>): boolean {
  if (rels.has(path)) return true;
  for (let i = path.indexOf("/"); i !== -1; i = path.indexOf("/", i + 1)) if (rels.has(path.slice(0, i))) return true;
  return false;
}

/** An empty tree whose files a read with a {@link StatIndex} may list without reading. */
export function lazyTree(): FileTree {
  return { files: new LazyFiles(), problems: [], digests: new Map() };
}

/** Reads `rels` now where `tree` deferred them, in one go where its source can (see {@link LazyFiles.prefetch}); nothing otherwise. */
export function prefetch(tree: FileTree, rels: readonly string[]): void {
  if (tree.files instanceof LazyFiles) tree.files.prefetch(rels);
}
