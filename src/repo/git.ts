import { spawnSync } from "node:child_process";
import { makeDiagnostic } from "../diagnostics/types.js";
import { MAX_FILE_BYTES, type FileTree } from "./fs-tree.js";

/** A git command failed, or a ref does not name a commit here; `message` says what to do. */
export class GitRefError extends Error {}

const OID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

function git(root: string, args: string[], input?: Buffer): { ok: boolean; stdout: Buffer; stderr: string } {
  const r = spawnSync("git", ["-C", root, ...args], { input, maxBuffer: 1 << 30, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } });
  return { ok: r.status === 0, stdout: r.stdout ?? Buffer.alloc(0), stderr: (r.stderr ?? Buffer.alloc(0)).toString("utf8").trim() };
}

/**
 * Resolves a user- or CI-given ref to a commit id, once: `git rev-parse --verify
 * --end-of-options <ref>^{commit}`, accepting only a 40- or 64-hex answer, so a ref such as
 * `--output=x` is a failed lookup, never an option. Every later git call takes only that id.
 * Throws GitRefError saying what to fetch when the commit is missing (a shallow clone, say).
 */
export function resolveCommit(root: string, ref: string): string {
  const r = git(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
  const oid = r.stdout.toString("utf8").trim();
  if (r.ok && OID.test(oid)) return oid;
  const shallow = git(root, ["rev-parse", "--is-shallow-repository"]).stdout.toString("utf8").trim() === "true";
  const inside = git(root, ["rev-parse", "--is-inside-work-tree"]).ok;
  if (!inside) throw new GitRefError(`${root} is not a git repository, so --base ${JSON.stringify(ref)} cannot be read`);
  throw new GitRefError(
    `${JSON.stringify(ref)} does not name a commit in this clone${shallow ? " (it is a shallow clone)" : ""}; fetch it first, e.g. git fetch --no-tags --depth=1 origin ${/^[\w./-]+$/.test(ref) ? ref : "<ref>"}`,
  );
}

interface Entry {
  mode: string;
  oid: string;
  path: string;
}

/**
 * Reads files of a commit (by id only) the way `readPath` reads the working tree: one
 * `git ls-tree -r -z` for the listing, one `git cat-file --batch` for the bytes of many files.
 * Symbolic links are PK107 and not read, files over the size cap PK105, submodules skipped.
 * Returns a reader for repository-relative paths (a file or a directory).
 */
export function commitReader(root: string, commit: string): (rel: string, tree: FileTree) => void {
  if (!OID.test(commit)) throw new Error(`packc bug: not a commit id: ${commit}`);
  const ls = git(root, ["ls-tree", "-r", "-z", "--full-tree", commit]);
  if (!ls.ok) throw new GitRefError(`cannot list commit ${commit}: ${ls.stderr}`);
  const entries: Entry[] = ls.stdout
    .toString("utf8")
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf("\t");
      const [mode, , oid] = line.slice(0, tab).split(" ");
      return { mode: mode!, oid: oid!, path: line.slice(tab + 1) };
    });
  return (rel, tree) => {
    const wanted = entries.filter((e) => e.path === rel || e.path.startsWith(`${rel}/`)).sort((a, b) => (a.path < b.path ? -1 : 1));
    const blobs: Entry[] = [];
    for (const e of wanted) {
      const at = { file: e.path, line: 1, column: 1, pointer: "" };
      if (e.mode === "120000") tree.problems.push(makeDiagnostic("PK107", at, `${e.path} is a symbolic link and is not followed`, "replace the link with the file it points to"));
      else if (e.mode.startsWith("100")) blobs.push(e);
    }
    if (!blobs.length) return;
    const out = git(root, ["cat-file", "--batch"], Buffer.from(blobs.map((b) => b.oid).join("\n") + "\n"));
    if (!out.ok) throw new GitRefError(`cannot read commit ${commit}: ${out.stderr}`);
    let pos = 0;
    for (const b of blobs) {
      const nl = out.stdout.indexOf(0x0a, pos);
      const size = Number(out.stdout.subarray(pos, nl).toString("utf8").split(" ")[2]);
      const bytes = out.stdout.subarray(nl + 1, nl + 1 + size);
      pos = nl + 1 + size + 1;
      if (size > MAX_FILE_BYTES) tree.problems.push(makeDiagnostic("PK105", { file: b.path, line: 1, column: 1, pointer: "" }, `${b.path} is ${size} bytes, over the ${MAX_FILE_BYTES}-byte cap`));
      else tree.files.set(b.path, new Uint8Array(bytes));
    }
  };
}
