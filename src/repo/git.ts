import { execFile, spawnSync } from "node:child_process";
import { cmp, makeDiagnostic, type ChangedLines } from "../diagnostics/types.js";
import { createHash } from "node:crypto";
import { MAX_FILE_BYTES } from "./fs-tree.js";
import { LazyFiles } from "./lazy-files.js";
import type { DirEntry, RepoSource } from "./source.js";

/** A git command failed, or a ref does not name a commit here; `message` says what to do. */
export class GitRefError extends Error {}

const OID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

function git(root: string, args: string[], input?: Buffer): { ok: boolean; status: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync("git", ["-C", root, ...args], { input, maxBuffer: 1 << 30, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } });
  return { ok: r.status === 0, status: r.status, stdout: r.stdout ?? Buffer.alloc(0), stderr: (r.stderr ?? Buffer.alloc(0)).toString("utf8").trim() };
}

/**
 * The path of `root` from the top of its git work tree, with a trailing slash (`some/dir/`), or
 * "" when `root` is that top or not in a git work tree at all (`git rev-parse --show-prefix`).
 * Annotations, SARIF and comment links need it to point at a monorepo's files.
 */
export function workTreePrefix(root: string): string {
  const r = git(root, ["rev-parse", "--show-prefix"]);
  return r.ok ? r.stdout.toString("utf8").trim() : "";
}

/**
 * Where a compiled output or a bundle came from, as `index.json` and `bundle.json` record it
 * (`source`): in a git work tree, HEAD's commit id, the git tree id of what was built (the
 * packs repository's directory, or a pack version's) in that commit, and whether the working
 * tree's inputs differed from the commit (`dirty`, as `git describe --dirty` says it); outside
 * one, or before the first commit, `unknown`. `tree` is `unknown` too when the commit does not
 * hold the directory at all (a pack version not yet committed).
 */
export type Source = { commit: string; tree: string; dirty: boolean } | { commit: "unknown"; tree: "unknown" };

/** The source of a build outside a git work tree. */
export const UNKNOWN_SOURCE: Source = { commit: "unknown", tree: "unknown" };

/** Whether `v` is a {@link Source} as packc writes one (index.json, bundle.json). */
export function isSource(v: unknown): v is Source {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort().join(",");
  if (keys === "commit,tree") return o.commit === "unknown" && o.tree === "unknown";
  return keys === "commit,dirty,tree" && typeof o.commit === "string" && OID.test(o.commit) && typeof o.tree === "string" && (o.tree === "unknown" || OID.test(o.tree)) && typeof o.dirty === "boolean";
}

/** A source for messages: `commit 0123456789ab`, with ` and uncommitted changes` when dirty, or `an unknown commit`. */
export function describeSource(s: Source): string {
  if (!("dirty" in s)) return "an unknown commit (not a git work tree)";
  return `commit ${s.commit.slice(0, 12)}${s.dirty ? " with uncommitted changes" : ""}`;
}

/**
 * The {@link Source} of a build of directory `dir` (relative to `root`, the packs repository;
 * "" for the repository itself) from `inputs` (relative to `root`): `git rev-parse HEAD` and
 * `HEAD:./dir`, and `git status --porcelain` over the inputs (staged, unstaged or untracked
 * changes make it dirty). Reads git; never throws for a directory outside git.
 */
export function sourceOf(root: string, dir: string, inputs: readonly string[]): Source {
  return sourceFrom(sourceCommands(dir, inputs).map((args) => {
    const r = git(root, args);
    return r.ok ? r.stdout.toString("utf8") : null;
  }));
}

/**
 * {@link sourceOf}, with its git commands started at once in child processes, so that they run
 * on another core while the caller compiles (the status of 40,000 files took 0.27 s of wall
 * time); await the promise once the source is needed. Never rejects.
 */
export function sourceOfLater(root: string, dir: string, inputs: readonly string[]): Promise<Source> {
  const run = (args: string[]) =>
    new Promise<string | null>((done) => {
      execFile("git", ["-C", root, ...args], { maxBuffer: 1 << 30, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } }, (e, stdout) => done(e ? null : stdout));
    });
  return Promise.all(sourceCommands(dir, inputs).map(run)).then(sourceFrom, () => UNKNOWN_SOURCE);
}

/** The git commands a source is read from: HEAD's commit, the tree of `dir` in it, and the status of the inputs. */
function sourceCommands(dir: string, inputs: readonly string[]): string[][] {
  return [
    ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"],
    ["rev-parse", "--verify", "--quiet", `HEAD:./${dir}`],
    ["status", "--porcelain", "-z", "--untracked-files=normal", "--", ...inputs.filter((p) => p !== ".git")],
  ];
}

/** The source {@link sourceCommands}' outputs give (null: the command failed). */
function sourceFrom([commit, tree, status]: (string | null)[]): Source {
  const id = commit?.trim();
  if (!id || !OID.test(id)) return UNKNOWN_SOURCE;
  const t = tree?.trim() ?? "";
  return { commit: id, tree: OID.test(t) ? t : "unknown", dirty: status === null || status !== "" };
}

/**
 * The {@link Source} of a build of directory `dir` (relative to `root`) as commit `commit` (an
 * id, as {@link resolveCommit} gives) holds it: that commit, the tree id of `commit:./dir`
 * (`unknown` when the commit has no such directory), never dirty. What `verify` rebuilds with.
 */
export function committedSource(root: string, commit: string, dir: string): Source {
  const r = git(root, ["rev-parse", "--verify", "--quiet", `${commit}:./${dir}`]);
  const tree = r.ok ? r.stdout.toString("utf8").trim() : "";
  return { commit, tree: OID.test(tree) ? tree : "unknown", dirty: false };
}

/**
 * True when `root` is in a git work tree whose HEAD names a branch with no commit yet (a
 * repository before its first commit): `git symbolic-ref HEAD` answers, `git rev-parse --verify
 * HEAD` does not. A pre-commit hook's `--changed-since HEAD` then has nothing to compare with.
 */
export function unbornHead(root: string): boolean {
  return git(root, ["symbolic-ref", "--quiet", "HEAD"]).ok && !git(root, ["rev-parse", "--verify", "--quiet", "HEAD"]).ok;
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
 * What a read of a commit may skip: git names every file by the id of its bytes, so a blob whose
 * sha256 the index holds need not be read until a stage asks for its bytes. `cache/blob-index.ts`
 * keeps one in the cache.
 */
export interface BlobIndex {
  /** The sha256 (hex) of blob `oid`'s bytes, when known. */
  lookup(oid: string): string | undefined;
  /** Records that blob `oid` has sha256 `digest`. */
  record(oid: string, digest: string): void;
}

/**
 * The files of a commit (by id only) as a {@link RepoSource}, read the way `readPath` reads the
 * working tree: one `git ls-tree -r -z` for the listing (taken when first needed), one `git
 * cat-file --batch` per `read` call for the bytes of all the files it asks for. Symbolic links
 * are PK107 and not read, files over the size cap PK105, submodules skipped (a submodule is not
 * a directory here). When `root` is a subdirectory of the work tree, only its files are seen,
 * relative to it. Throws GitRefError when git cannot list or read the commit. With `index` and
 * a `lazyTree`, a file whose blob the index knows is listed with its digest and read when first
 * asked for, together with every other such file of its pack or tenant directory
 * (`packs/<id>`, `tenants/<id>`) in one `cat-file`; every blob read is recorded in the index.
 */
export function commitSource(root: string, commit: string, index?: BlobIndex, given?: () => Listing): CommitSource {
  if (!OID.test(commit)) throw new Error(`packc bug: not a commit id: ${commit}`);
  let listing: Listing | null = null;
  const list = () => (listing ??= given ? given() : listCommit(root, commit));
  // Deferred files not read yet, by directory group, and the bytes of a group read for files not yet asked for.
  const waiting = new Map<string, Map<string, Entry & { digest: string }>>();
  const fetched = new Map<string, Uint8Array>();
  const catFile = (blobs: Entry[], each: (b: Entry, size: number, bytes: Uint8Array | null) => void) => {
    const out = git(root, ["cat-file", "--batch"], Buffer.from(blobs.map((b) => b.oid).join("\n") + "\n"));
    if (!out.ok) throw new GitRefError(`cannot read commit ${commit}: ${out.stderr}`);
    let pos = 0;
    for (const b of blobs) {
      const nl = out.stdout.indexOf(0x0a, pos);
      const size = Number(out.stdout.subarray(pos, nl).toString("utf8").split(" ")[2]);
      pos = nl + 1 + size + 1;
      each(b, size, size > MAX_FILE_BYTES ? null : new Uint8Array(out.stdout.subarray(nl + 1, nl + 1 + size)));
    }
  };
  // A blob's bytes are what its id names; a digest that does not match them came from a damaged cache.
  const checked = (e: Entry & { digest: string }, bytes: Uint8Array): Uint8Array => {
    if (createHash("sha256").update(bytes).digest("hex") === e.digest) return bytes;
    throw Object.assign(new Error(`the cache's digest of ${e.path} (blob ${e.oid}) is wrong: delete the cache directory and run packc again`), { code: "EBADCACHE", syscall: "read", path: e.path });
  };
  let groupReads = 0;
  const deferredRead = (path: string): Uint8Array => {
    // Past a few dozen directories read one by one, a stage is reading widely: read the rest at once.
    if (!fetched.has(path) && ++groupReads > MAX_GROUP_READS && waiting.size) {
      for (const [p, bytes] of batch([...waiting.values()].flatMap((g) => [...g.keys()]))) fetched.set(p, bytes);
    }
    const group = waiting.get(groupOf(path));
    if (!fetched.has(path) && group) {
      catFile([...group.values()], (b, _size, bytes) => {
        if (bytes) fetched.set(b.path, checked(b as Entry & { digest: string }, bytes));
      });
      waiting.delete(groupOf(path));
    }
    const bytes = fetched.get(path);
    fetched.delete(path);
    if (!bytes) throw new GitRefError(`cannot read ${path} of commit ${commit}`);
    return bytes;
  };
  // Every deferred file of `paths` in one cat-file (a prefetch), taken out of their groups.
  const batch = (paths: string[]): Map<string, Uint8Array> => {
    const entries: (Entry & { digest: string })[] = [];
    for (const path of paths) {
      const group = waiting.get(groupOf(path));
      const e = group?.get(path);
      if (!e) continue;
      entries.push(e);
      group!.delete(path);
      if (!group!.size) waiting.delete(groupOf(path));
    }
    const out = new Map<string, Uint8Array>();
    if (entries.length) catFile(entries, (b, _size, bytes) => void (bytes && out.set(b.path, checked(b as Entry & { digest: string }, bytes))));
    for (const path of paths) {
      const bytes = fetched.get(path);
      if (bytes && !out.has(path)) out.set(path, bytes);
      fetched.delete(path);
    }
    return out;
  };
  return {
    listing: list,
    list: (rel) => list().dirs().get(rel) ?? null,
    read(rels, tree) {
      const blobs: Entry[] = [];
      const lazy = index && tree.files instanceof LazyFiles && tree.digests ? { files: tree.files, digests: tree.digests } : null;
      if (lazy) lazy.files.batchLoader ??= batch;
      for (const e of entriesWithin(list().entries, rels)) {
        const at = { file: e.path, line: 1, column: 1, pointer: "" };
        if (e.mode === "120000") tree.problems.push(makeDiagnostic("PK107", at, `${e.path} is a symbolic link and is not followed`, "replace the link with the file it points to"));
        else if (e.mode.startsWith("100")) {
          const known = lazy ? index!.lookup(e.oid) : undefined;
          if (known === undefined) {
            blobs.push(e);
            continue;
          }
          let group = waiting.get(groupOf(e.path));
          if (!group) waiting.set(groupOf(e.path), (group = new Map()));
          group.set(e.path, { ...e, digest: known });
          lazy!.files.defer(e.path, () => deferredRead(e.path));
          lazy!.digests.set(e.path, known);
        }
      }
      if (!blobs.length) return;
      catFile(blobs, (b, size, bytes) => {
        if (!bytes) tree.problems.push(makeDiagnostic("PK105", { file: b.path, line: 1, column: 1, pointer: "" }, `${b.path} is ${size} bytes, over the ${MAX_FILE_BYTES}-byte cap`));
        else {
          tree.files.set(b.path, bytes);
          if (lazy) {
            const digest = createHash("sha256").update(bytes).digest("hex");
            lazy.digests.set(b.path, digest);
            index!.record(b.oid, digest);
          }
        }
      });
    },
  };
}

/** A commit's entries (paths relative to the repository root, in code-point order) and its directories' listings (built when first asked for). */
export interface Listing {
  entries: Entry[];
  dirs: () => Map<string, DirEntry[]>;
}

/** A {@link RepoSource} over a commit, whose listing another commit's source may start from ({@link changedSource}). */
export interface CommitSource extends RepoSource {
  listing(): Listing;
}

/**
 * The entries of sorted `entries` that are one of `rels` or lie under one (`""`: all), in order,
 * each once: a binary search per path, not a scan of the whole commit per read.
 */
function entriesWithin(entries: readonly Entry[], rels: readonly string[]): Entry[] {
  if (rels.includes("")) return [...entries];
  const lowerBound = (key: string) => {
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(entries[mid]!.path, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const picked = new Set<number>();
  for (const rel of new Set(rels)) {
    const exact = lowerBound(rel);
    if (entries[exact]?.path === rel) picked.add(exact);
    const prefix = `${rel}/`;
    for (let i = lowerBound(prefix); i < entries.length && entries[i]!.path.startsWith(prefix); i++) picked.add(i);
  }
  return [...picked].sort((a, b) => a - b).map((i) => entries[i]!);
}

/**
 * The files of commit `base` as a source whose listing is derived from `head`'s (a commit
 * source) and the raw difference between the two (`git diff --raw --no-renames`: each changed
 * path's mode and blob id on the base side), instead of listing the base whole; and the changed
 * paths (as {@link changedPaths} gives them). Both ids from {@link resolveCommit}. Throws
 * GitRefError when git fails.
 */
export function changedSource(root: string, head: CommitSource, headId: string, baseId: string, index?: BlobIndex): { source: CommitSource; changed: string[] } {
  for (const c of [baseId, headId]) if (!OID.test(c)) throw new Error(`packc bug: not a commit id: ${c}`);
  const r = git(root, ["-c", "core.quotePath=false", "diff", "--raw", "--relative", "--no-renames", "--no-abbrev", "-z", baseId, headId, "--"]);
  if (!r.ok) throw new GitRefError(`cannot diff ${baseId}: ${r.stderr}`);
  // Records: ":<base mode> <head mode> <base blob> <head blob> <status>\0<path>\0".
  const fields = r.stdout.toString("utf8").split("\0");
  const onBase = new Map<string, Entry | null>();
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [mode, , oid] = fields[i]!.slice(1).split(" ");
    const path = fields[i + 1]!;
    onBase.set(path, mode === "000000" ? null : { mode: mode!, oid: oid!, path });
  }
  const listing = (): Listing => {
    const entries = head.listing().entries.filter((e) => !onBase.has(e.path));
    for (const e of onBase.values()) if (e && e.mode !== "040000") entries.push(e);
    entries.sort((a, b) => cmp(a.path, b.path));
    return { entries, dirs: directoryListings(entries) };
  };
  return { source: commitSource(root, baseId, index, listing), changed: [...onBase.keys()].sort() };
}

/** How many directories a commit source reads one `cat-file` each before it reads all its deferred files at once. */
const MAX_GROUP_READS = 32;

/** The directory a deferred file is read with: its pack id's or tenant's (`packs/<id>`), else its own. */
function groupOf(path: string): string {
  const parts = path.split("/");
  return parts.length >= 3 && (parts[0] === "packs" || parts[0] === "tenants") ? `${parts[0]}/${parts[1]}` : parts.slice(0, -1).join("/");
}

/** A commit's entries (paths relative to `root`, in code-point order) and its directories' listings. */
function listCommit(root: string, commit: string): Listing {
  const ls = git(root, ["ls-tree", "-r", "-z", "--full-tree", commit]);
  if (!ls.ok) throw new GitRefError(`cannot list commit ${commit}: ${ls.stderr}`);
  // The repository may be a subdirectory of the git work tree (a monorepo): keep its files only,
  // with paths relative to it.
  const prefix = git(root, ["rev-parse", "--show-prefix"]).stdout.toString("utf8").trim();
  const entries: Entry[] = [];
  for (const line of ls.stdout.toString("utf8").split("\0")) {
    const tab = line.indexOf("\t");
    if (tab === -1) continue;
    const path = line.slice(tab + 1);
    if (!path.startsWith(prefix)) continue;
    const [mode, , oid] = line.slice(0, tab).split(" ");
    entries.push({ mode: mode!, oid: oid!, path: path.slice(prefix.length) });
  }
  entries.sort((a, b) => cmp(a.path, b.path));
  return { entries, dirs: directoryListings(entries) };
}

/** The directory listings of sorted `entries`, built when first asked for (a whole read needs none). */
function directoryListings(entries: readonly Entry[]): () => Map<string, DirEntry[]> {
  let listings: Map<string, DirEntry[]> | null = null;
  return () => {
    if (listings) return listings;
    const found = new Map<string, Map<string, boolean>>();
    for (const e of entries) {
      if (e.mode === "160000") continue;
      // Each entry registers itself in its directory, then each ancestor in its parent, up to the
      // first one already registered (whose own ancestors are then registered too).
      let path = e.path;
      let isDir = false;
      for (;;) {
        const slash = path.lastIndexOf("/");
        const dir = slash === -1 ? "" : path.slice(0, slash);
        const name = path.slice(slash + 1);
        let m = found.get(dir);
        if (!m) found.set(dir, (m = new Map()));
        if (m.has(name)) break;
        m.set(name, isDir);
        if (slash === -1) break;
        path = dir;
        isDir = true;
      }
    }
    listings = new Map([...found].map(([dir, m]) => [dir, [...m].map(([name, isDir]) => ({ name, dir: isDir })).sort((a, b) => cmp(a.name, b.name))]));
    return listings;
  };
}

/** Undoes git's C-style quoting of a path (`"a\tb"`), used for names with unusual characters. */
function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  const named: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '"': 34, "\\": 92 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== "\\") {
      bytes.push(...Buffer.from(ch, "utf8"));
      continue;
    }
    const next = body[++i]!;
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(named[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** How {@link changedPaths} finds the working tree's untracked files. */
export interface UntrackedOptions {
  /**
   * A listing of the working tree (`repo/source.ts`, which the cache's stat index answers for
   * directories it saw unchanged); given, the untracked files under `packs/` and `tenants/` are
   * found from it rather than by git's scan of every directory ({@link untrackedWithin}).
   */
  list?: RepoSource["list"];
  /**
   * Given the tracked paths that changed, whether to use `list` (default: always). Walking
   * costs an `lstat` of every directory, which pays only when the caller lists those
   * directories anyway (a change to a pack makes a scoped check read every manifest and tenant
   * record); git's own scan is the cheaper of the two otherwise (0.70 against 0.96 s of CPU for
   * a whole `check --changed-since HEAD` with no change, on 22,000 directories). Either way the
   * answer is the same.
   */
  walkIf?: (tracked: readonly string[]) => boolean;
  /**
   * The repository-relative paths (files or directories) that packc reads (`packc.yaml`, the
   * base documents, `packs`, `tenants`): untracked files elsewhere (a compiled output left in
   * the working tree, a documentation site) reach nothing (`impact/affected.ts`), so they are
   * not looked for. Default: the whole repository.
   */
  inputs?: readonly string[];
}

/**
 * Every path that differs between commit `base` and commit `head` (ids from {@link
 * resolveCommit}), or, with `head` null, between `base` and the working tree: added, modified
 * and deleted tracked files (`git diff --name-only --no-renames`, so a rename is its old and its
 * new path) and, for the working tree, untracked files that are not ignored (found as `options`
 * says). Paths are relative to `root` and limited to it (`--relative`), sorted. Throws
 * GitRefError when git fails.
 */
export function changedPaths(root: string, base: string, head: string | null = null, options: UntrackedOptions = {}): string[] {
  for (const c of [base, head]) if (c !== null && !OID.test(c)) throw new Error(`packc bug: not a commit id: ${c}`);
  const diff = git(root, ["-c", "core.quotePath=false", "diff", "--relative", "--name-only", "--no-renames", "-z", base, ...(head ? [head] : []), "--"]);
  if (!diff.ok) throw new GitRefError(`cannot diff ${base}: ${diff.stderr}`);
  const tracked = nulSplit(diff.stdout);
  if (head) return [...new Set(tracked)].sort();
  const { list, walkIf = () => true, inputs } = options;
  const untracked = list && walkIf(tracked) ? untrackedWithin(root, ["packs", "tenants"], list, inputs) : untrackedUnder(root, inputs ?? []);
  return [...new Set([...tracked, ...untracked])].sort();
}

const nulSplit = (b: Buffer) => b.toString("utf8").split("\0").filter(Boolean);
const literal = (path: string) => `:(literal)${path}`;

/** `git ls-files --others --exclude-standard` under the paths `within` (everything when empty). */
function untrackedUnder(root: string, within: readonly string[]): string[] {
  const r = git(root, ["-c", "core.quotePath=false", "ls-files", "--others", "--exclude-standard", "-z", "--", ...within.map(literal)]);
  if (!r.ok) throw new GitRefError(`cannot list untracked files: ${r.stderr}`);
  return nulSplit(r.stdout);
}

/**
 * The untracked files that are not ignored, as `git ls-files --others --exclude-standard` gives
 * them, with the directories `dirs` (under `root`) walked through `list` instead of by git: their
 * files and links that `git ls-files` does not list as tracked, less those `git check-ignore`
 * names (which, like the scan, counts a file under an ignored directory as ignored); the rest of
 * the repository (`packc.yaml`, base documents, anything else at the top; only the `inputs`
 * outside `dirs` when given) by git's scan limited to those entries. A nested repository's
 * files count as untracked (git lists the directory): more paths than git's answer can only
 * widen what a change reaches, never narrow it. When
 * `git check-ignore` cannot answer (a path inside a submodule), git's own scan of `dirs` does.
 */
function untrackedWithin(root: string, dirs: readonly string[], list: RepoSource["list"], inputs?: readonly string[]): string[] {
  const top = inputs ? inputs.filter((p) => !dirs.includes(p)) : (list("") ?? []).filter((e) => e.name !== ".git" && !dirs.includes(e.name)).map((e) => e.name);
  const out = top.length ? untrackedUnder(root, top) : [];
  const indexed = git(root, ["-c", "core.quotePath=false", "ls-files", "-z", "--", ...dirs.map(literal)]);
  if (!indexed.ok) throw new GitRefError(`cannot list tracked files: ${indexed.stderr}`);
  const tracked = new Set(nulSplit(indexed.stdout));
  const candidates: string[] = [];
  const walk = (dir: string) => {
    for (const e of list(dir) ?? []) {
      const path = `${dir}/${e.name}`;
      if (e.dir) walk(path);
      else if (!tracked.has(path)) candidates.push(path);
    }
  };
  for (const dir of dirs) walk(dir);
  if (!candidates.length) return out;
  const ignored = git(root, ["check-ignore", "-z", "--stdin"], Buffer.from(candidates.map((c) => `${c}\0`).join(""), "utf8"));
  // check-ignore exits 1 when it names nothing; one it cannot answer (a path inside a submodule)
  // leaves the question to git's own scan of those directories.
  if (ignored.status !== 0 && ignored.status !== 1) return [...out, ...untrackedUnder(root, dirs)];
  const skip = new Set(nulSplit(ignored.stdout));
  return [...out, ...candidates.filter((c) => !skip.has(c))];
}

/**
 * The lines a change adds or modifies, from `git diff --unified=0 <base> [<head>]` (`head` null:
 * the working tree). Deleted files are absent; a file whose change only deletes lines maps to an
 * empty list, so it still counts as changed. Paths are relative to `root` (`--relative`: a
 * repository in a subdirectory of the work tree sees only its own files). Both arguments must be commit ids from
 * {@link resolveCommit}. Untracked files of the working tree are not seen. Throws GitRefError
 * when git fails.
 */
export function changedLines(root: string, base: string, head: string | null): ChangedLines {
  for (const c of [base, head]) if (c !== null && !OID.test(c)) throw new Error(`packc bug: not a commit id: ${c}`);
  const r = git(root, ["-c", "core.quotePath=false", "diff", "--relative", "--unified=0", "--no-color", "--no-ext-diff", "--no-renames", "--src-prefix=a/", "--dst-prefix=b/", base, ...(head ? [head] : []), "--"]);
  if (!r.ok) throw new GitRefError(`cannot diff ${base}: ${r.stderr}`);
  const changed = new Map<string, Array<[number, number]>>();
  let current: Array<[number, number]> | null = null;
  for (const line of r.stdout.toString("utf8").split("\n")) {
    if (line.startsWith("+++ ")) {
      const target = line.slice(4);
      current = target === "/dev/null" ? null : [];
      if (current) changed.set(unquote(target).replace(/^b\//, ""), current);
      continue;
    }
    const hunk = current && /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      if (count > 0) current!.push([start, start + count - 1]);
    }
  }
  return changed;
}

/**
 * Fetches one commit by id from `origin` (`git fetch --no-tags --depth=1 origin <id>`), for a
 * shallow CI clone that lacks the pull request's base. Only a 40- or 64-hex id is passed on.
 * Returns whether git succeeded; never throws for a git failure.
 */
export function fetchCommit(root: string, id: string): boolean {
  if (!OID.test(id)) return false;
  return git(root, ["fetch", "--no-tags", "--quiet", "--depth=1", "origin", id]).ok;
}
