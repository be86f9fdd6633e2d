import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { makeDiagnostic, type Diagnostic } from "../diagnostics/types.js";

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
 * file system's order.
 */
export function readPath(root: string, rel: string, tree: FileTree): void {
  const parts = rel.split("/");
  for (let i = 1; i < parts.length; i++) {
    const dir = parts.slice(0, i).join("/");
    let link = false;
    try {
      link = lstatSync(join(root, dir)).isSymbolicLink();
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
  const at = { file: rel, line: 1, column: 1, pointer: "" };
  if (stat.isSymbolicLink()) {
    tree.problems.push(makeDiagnostic("PK107", at, `${rel} is a symbolic link and is not followed`, "replace the link with the file it points to"));
  } else if (stat.isDirectory()) {
    let names: string[];
    try {
      names = readdirSync(join(root, rel)).sort();
    } catch (e) {
      tree.problems.push(makeDiagnostic("PK114", at, `cannot list ${rel}: ${(e as Error).message}`));
      return;
    }
    for (const name of names) walk(root, rel === "" ? name : `${rel}/${name}`, tree);
  } else if (stat.isFile()) {
    if (stat.size > MAX_FILE_BYTES) {
      tree.problems.push(makeDiagnostic("PK105", at, `${rel} is ${stat.size} bytes, over the ${MAX_FILE_BYTES}-byte cap`));
      return;
    }
    try {
      tree.files.set(rel, readFileSync(join(root, rel)));
    } catch (e) {
      tree.problems.push(makeDiagnostic("PK114", at, `cannot read ${rel}: ${(e as Error).message}`));
    }
  }
}
