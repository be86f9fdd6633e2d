import { createHash } from "node:crypto";
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, type BigIntStats, type Dirent } from "node:fs";
import { join } from "node:path";
import { cmp, makeDiagnostic, type Diagnostic } from "../diagnostics/types.js";
import { LazyFiles } from "./lazy-files.js";

/** Files larger than this are not read (PK105). Packs are configuration, not data. */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * The bytes of every file packc looks at, keyed by repository-relative `/` path, plus what could
 * not be read. This is the only place packc reads the working tree (the `load` edge); every later
 * stage works on these bytes.
 */
export interface FileTree {
  files: Map<string, Uint8Array>;
  problems: Diagnostic[];
  /**
   * The sha256 (hex) of files whose digest is known without hashing them again: every file a
   * read with a {@link StatIndex} saw (`cache/file-memo.ts` `bytesDigest` looks here first).
   */
  digests?: Map<string, string>;
}

/** Creates an empty tree (sources other than the file system fill it the same way). */
export function emptyTree(): FileTree {
  return { files: new Map(), problems: [] };
}

/**
 * What a read of the working tree may skip: a file whose `lstat` matches what the index holds
 * (size, modification and change times in nanoseconds, inode) is the same file as when the
 * index recorded its digest, so its bytes need not be read until something asks for them (git's
 * index works the same way). `cache/stat-index.ts` keeps one in the cache.
 */
export interface StatIndex {
  /** The recorded sha256 (hex) of `rel`, when `stat` is what was recorded with it. */
  lookup(rel: string, stat: BigIntStats): string | undefined;
  /**
   * Records that `rel`, with `stat`, has sha256 `digest` and git blob id `blob` (unless it
   * changed too recently to tell).
   */
  record(rel: string, stat: BigIntStats, digest: string, blob: string): void;
  /**
   * The recorded entries of directory `rel` ("" for the root), when `stat` (the directory's own
   * `lstat`) is what was recorded with them. Adding, removing, renaming or replacing an entry
   * changes a directory's modification time, so the same `lstat` means the same entries (git's
   * untracked cache rests on the same rule).
   */
  listing?(rel: string, stat: BigIntStats): ListedEntry[] | undefined;
  /** Records that directory `rel`, with `stat`, has `entries` (unless it changed too recently to tell). */
  recordListing?(rel: string, stat: BigIntStats, entries: readonly ListedEntry[]): void;
}

/** One entry of a directory as a listing gives it: its name and type (file, directory, symbolic link, other). */
export interface ListedEntry {
  name: string;
  type: "f" | "d" | "l" | "o";
}

const typeOf = (e: Dirent): ListedEntry["type"] => (e.isSymbolicLink() ? "l" : e.isDirectory() ? "d" : e.isFile() ? "f" : "o");

/**
 * The entries of directory `rel` under `root` with their types, in code-point order: from
 * `index` when it holds them for the directory's current `lstat`, else from the listing itself
 * (types from the directory entries, no `lstat` per entry: where the file system gives no type,
 * Node asks `lstat` itself), recorded in `index`. `taken`: the directory's `lstat`, when the
 * caller just took it. Throws what `readdirSync` throws.
 */
export function listDir(root: string, rel: string, index?: StatIndex, taken?: BigIntStats): ListedEntry[] {
  const path = join(root, rel);
  const stat = index?.listing ? (taken ?? lstatSync(path, { bigint: true })) : undefined;
  const known = stat && index!.listing!(rel, stat);
  if (known) return known;
  const entries = readdirSync(path, { withFileTypes: true })
    .map((e) => ({ name: e.name, type: typeOf(e) }))
    .sort((a, b) => cmp(a.name, b.name));
  if (stat?.isDirectory()) index!.recordListing?.(rel, stat, entries);
  return entries;
}

/**
 * Reads `rel` (a file or a directory, recursively) under `root` into `tree`. A missing path is
 * not an error here (callers decide). Symbolic links are never followed (PK107), neither the
 * path's own components (`base.config: etc-link/passwd` with `etc-link → /etc` would read the
 * runner's files) nor anything under it; files over `MAX_FILE_BYTES` are skipped (PK105); I/O
 * errors are PK114. Entries are visited in code-point order so the result never depends on the
 * file system's order. `knownDirs`: repository-relative paths already seen to be directories
 * (not links) by this run, whose check is skipped; the ancestors checked here join it.
 */
export function readPath(root: string, rel: string, tree: FileTree, knownDirs?: Set<string>, index?: StatIndex): void {
  const parts = rel.split("/");
  for (let i = 1; i < parts.length; i++) {
    const dir = parts.slice(0, i).join("/");
    if (knownDirs?.has(dir)) continue;
    let link = false;
    try {
      const stat = lstatSync(join(root, dir));
      link = stat.isSymbolicLink();
      if (stat.isDirectory()) knownDirs?.add(dir);
    } catch {
      return;
    }
    if (link) {
      tree.problems.push(makeDiagnostic("PK107", { file: rel, line: 1, column: 1, pointer: "" }, `${dir} is a symbolic link and is not followed, so ${rel} is not read`, "replace the link with the directory it points to"));
      return;
    }
  }
  walk(root, rel, tree, index);
}

function walk(root: string, rel: string, tree: FileTree, index?: StatIndex): void {
  let stat;
  try {
    // With an index, the one `lstat` both tells the type and identifies the file or directory.
    stat = index ? lstatSync(join(root, rel), { bigint: true }) : lstatSync(join(root, rel));
  } catch {
    return;
  }
  const taken = index ? (stat as BigIntStats) : undefined;
  if (stat.isSymbolicLink()) tree.problems.push(linkProblem(rel));
  else if (stat.isDirectory()) walkDir(root, rel, tree, index, taken);
  else if (stat.isFile()) readFile(root, rel, tree, index, taken);
}

function linkProblem(rel: string): Diagnostic {
  return makeDiagnostic("PK107", { file: rel, line: 1, column: 1, pointer: "" }, `${rel} is a symbolic link and is not followed`, "replace the link with the file it points to");
}

/** Reads a directory's files and subdirectories ({@link listDir}), in code-point order. */
function walkDir(root: string, rel: string, tree: FileTree, index?: StatIndex, taken?: BigIntStats): void {
  let entries: ListedEntry[];
  try {
    entries = listDir(root, rel, index, taken);
  } catch (e) {
    tree.problems.push(makeDiagnostic("PK114", { file: rel, line: 1, column: 1, pointer: "" }, `cannot list ${rel}: ${(e as Error).message}`));
    return;
  }
  for (const e of entries) {
    const child = rel === "" ? e.name : `${rel}/${e.name}`;
    if (e.type === "l") tree.problems.push(linkProblem(child));
    else if (e.type === "d") walkDir(root, child, tree, index);
    else if (e.type === "f") readFile(root, child, tree, index);
  }
}

/**
 * Reads one regular file: opened without following a link (`O_NOFOLLOW`: a file swapped for a
 * link after the listing is PK107, not read), its type and size taken from the open descriptor
 * (anything but a regular file is skipped; PK105 over the cap, nothing read), then read whole. Other I/O errors are PK114.
 * With `index` (and a {@link lazyTree}): a file whose `lstat` the index knows is listed with its
 * digest and read only when asked ({@link deferredRead}); every file read is recorded in it.
 */
function readFile(root: string, rel: string, tree: FileTree, index?: StatIndex, taken?: BigIntStats): void {
  const at = { file: rel, line: 1, column: 1, pointer: "" };
  const lazy = index && tree.files instanceof LazyFiles && tree.digests ? { index, files: tree.files, digests: tree.digests } : null;
  if (lazy) {
    let stat: BigIntStats | undefined = taken;
    try {
      stat ??= lstatSync(join(root, rel), { bigint: true });
    } catch {
      stat = undefined; // read below, which says what is wrong
    }
    const known = stat?.isFile() ? lazy.index.lookup(rel, stat) : undefined;
    if (known !== undefined) {
      lazy.files.defer(rel, () => deferredRead(root, rel, known));
      lazy.digests.set(rel, known);
      return;
    }
  }
  let fd: number;
  try {
    // O_NONBLOCK: a file swapped for a FIFO after the listing must not block the open.
    fd = openSync(join(root, rel), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ELOOP") tree.problems.push(linkProblem(rel));
    else if (code !== "ENOENT") tree.problems.push(makeDiagnostic("PK114", at, `cannot read ${rel}: ${(e as Error).message}`));
    return;
  }
  try {
    const st = fstatSync(fd, { bigint: true });
    if (!st.isFile()) return;
    const size = Number(st.size);
    if (size > MAX_FILE_BYTES) {
      tree.problems.push(makeDiagnostic("PK105", at, `${rel} is ${size} bytes, over the ${MAX_FILE_BYTES}-byte cap`));
      return;
    }
    const bytes = readFileSync(fd);
    tree.files.set(rel, bytes);
    if (lazy) {
      const digest = sha256(bytes);
      lazy.digests.set(rel, digest);
      lazy.index.record(rel, st, digest, gitBlobId(bytes));
    }
  } catch (e) {
    tree.problems.push(makeDiagnostic("PK114", at, `cannot read ${rel}: ${(e as Error).message}`));
  } finally {
    closeSync(fd);
  }
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The id git gives a file's bytes in a SHA-1 repository (`git hash-object`): what a commit's listing names it by. */
export const gitBlobId = (bytes: Uint8Array) => createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");

/**
 * The bytes of a file the listing deferred, read when a stage first needs them. They must still
 * have the digest the index gave: a file changed (or gone, or swapped for a link) while packc
 * was running is an error of the environment (exit 2, "run again"), never a result computed from
 * other bytes than the ones its cache key names.
 */
function deferredRead(root: string, rel: string, digest: string): Uint8Array {
  const fd = openSync(join(root, rel), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const bytes = readFileSync(fd);
    if (sha256(bytes) === digest) return bytes;
  } finally {
    closeSync(fd);
  }
  throw Object.assign(new Error(`${rel} changed while packc was reading the repository; run packc again`), { code: "ECHANGED", syscall: "read", path: rel });
}
