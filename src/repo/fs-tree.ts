import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, type Dirent } from "node:fs";
import { join } from "node:path";
import { cmp, makeDiagnostic, type Diagnostic } from "../diagnostics/types.js";

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
}

/** Creates an empty tree (sources other than the file system fill it the same way). */
export function emptyTree(): FileTree {
  return { files: new Map(), problems: [] };
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
export function readPath(root: string, rel: string, tree: FileTree, knownDirs?: Set<string>): void {
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
  walk(root, rel, tree);
}

function walk(root: string, rel: string, tree: FileTree): void {
  let stat;
  try {
    stat = lstatSync(join(root, rel));
  } catch {
    return;
  }
  if (stat.isSymbolicLink()) tree.problems.push(linkProblem(rel));
  else if (stat.isDirectory()) walkDir(root, rel, tree);
  else if (stat.isFile()) readFile(root, rel, tree);
}

function linkProblem(rel: string): Diagnostic {
  return makeDiagnostic("PK107", { file: rel, line: 1, column: 1, pointer: "" }, `${rel} is a symbolic link and is not followed`, "replace the link with the file it points to");
}

/**
 * Reads a directory's entries with their types from the listing itself (no `lstat` per entry:
 * at 40,000 files that was a tenth of a run; where the file system gives no type, Node asks
 * `lstat` itself), in code-point order.
 */
function walkDir(root: string, rel: string, tree: FileTree): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(join(root, rel), { withFileTypes: true });
  } catch (e) {
    tree.problems.push(makeDiagnostic("PK114", { file: rel, line: 1, column: 1, pointer: "" }, `cannot list ${rel}: ${(e as Error).message}`));
    return;
  }
  entries.sort((a, b) => cmp(a.name, b.name));
  for (const e of entries) {
    const child = rel === "" ? e.name : `${rel}/${e.name}`;
    if (e.isSymbolicLink()) tree.problems.push(linkProblem(child));
    else if (e.isDirectory()) walkDir(root, child, tree);
    else if (e.isFile()) readFile(root, child, tree);
  }
}

/**
 * Reads one regular file: opened without following a link (`O_NOFOLLOW`: a file swapped for a
 * link after the listing is PK107, not read), its type and size taken from the open descriptor
 * (anything but a regular file is skipped; PK105 over the cap, nothing read), then read whole. Other I/O errors are PK114.
 */
function readFile(root: string, rel: string, tree: FileTree): void {
  const at = { file: rel, line: 1, column: 1, pointer: "" };
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
    const st = fstatSync(fd);
    if (!st.isFile()) return;
    const size = st.size;
    if (size > MAX_FILE_BYTES) {
      tree.problems.push(makeDiagnostic("PK105", at, `${rel} is ${size} bytes, over the ${MAX_FILE_BYTES}-byte cap`));
      return;
    }
    tree.files.set(rel, readFileSync(fd));
  } catch (e) {
    tree.problems.push(makeDiagnostic("PK114", at, `cannot read ${rel}: ${(e as Error).message}`));
  } finally {
    closeSync(fd);
  }
}
