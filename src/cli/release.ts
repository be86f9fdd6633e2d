import { existsSync, lstatSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { hasErrors, type Diagnostic } from "../diagnostics/types.js";
import { artefacts } from "../emit/artefacts.js";
import { BundleError, checksumLine, compiledBundle, packBundle, readBundle, type Bundle, type BundleManifest } from "../emit/bundle.js";
import { CompiledOutputError, readCompiled } from "../emit/compiled-read.js";
import { OutputRefusedError, realPathDeep, repositoryInputs } from "../emit/out-guard.js";
import { withSignalsDeferred } from "../emit/signals.js";
import { writeFilesAtomic, type FileWrite } from "../emit/write.js";
import { baseDocuments, readRepoWith } from "../load/repo.js";
import { readScoped, type ScopedRead } from "../impact/read-scoped.js";
import { workingTree } from "../repo/source.js";
import type { Workspace } from "../load/workspace.js";
import { prepareRun, writableTenants, type WritableState } from "../pipeline/compile.js";
import { registryEntries } from "../registry/status.js";
import { commitSource, committedSource, describeSource, GitRefError, resolveCommit, sourceOf, type Source } from "../repo/git.js";
import { findRepoRoot, inside } from "../repo/root.js";
import { renderText } from "../report/text.js";
import { summarize } from "../report/summary.js";
import { packIntegrity } from "../util/digest.js";
import { nearest } from "../util/suggest.js";
import { PACKC_VERSION } from "../version.js";
import { EXIT, UsageError } from "./exit.js";
import { say } from "./commands.js";

/** Options of `packc bundle`. */
export interface BundleOptions {
  /** A compiled output directory to bundle (relative to the working directory). */
  compiled?: string;
  /** Where the bundle and its `.sha256` go (relative to the working directory; created when missing). */
  out: string;
  quiet?: boolean;
}

/**
 * `packc bundle PACKDIR... | --compiled DIR`: writes a reproducible `.tgz` ({@link
 * compiledBundle}, {@link packBundle}) and its `.sha256` for the compiled output or for each
 * pack version into `--out`, all at once ({@link writeFilesAtomic}). A compiled output is
 * checked against its `SHA256SUMS` and `index.json` first, and must be a whole one (not a
 * shard's or some tenants'); pack versions must load without an error (exit 1 with the
 * diagnostics), and only their pack ids are read in full and validated (`readScoped`'s `packs`
 * request), so bundling a release's versions does not validate the whole repository. Exit 2
 * for a bad invocation, an output inside the repository's inputs, or a file in the way that
 * packc did not write.
 */
export async function runBundle(packDirs: string[], o: BundleOptions): Promise<number> {
  if ((packDirs.length === 0) === (o.compiled === undefined)) throw new UsageError("give pack version directories (packs/<id>/<version>) or --compiled DIR, one of them");
  let bundles: Bundle[];
  let inputs: { root: string; paths: string[] } | null = null;
  if (o.compiled !== undefined) {
    const dir = resolve(o.compiled);
    const { index, files } = readCompiled(dir, o.compiled, "compile it again", true);
    if (index.shard || index.tenants) throw new UsageError(`${o.compiled} is ${index.shard ? `shard ${index.shard.index}/${index.shard.count}` : "some tenants'"} output, not the whole repository's: ${index.shard ? "join the shards with merge-compiled first" : "compile without --tenant"}`);
    if (index.packc !== PACKC_VERSION) throw new UsageError(`${o.compiled} was written by packc ${index.packc}, not ${PACKC_VERSION}: compile it again with this packc`);
    bundles = [compiledBundle(files, index.source)];
  } else {
    const abs = packDirs.map((d) => resolve(d));
    // A mistyped directory does not exist: the repository is found from its nearest existing ancestor.
    let start = abs[0]!;
    while (!existsSync(start) && dirname(start) !== start) start = dirname(start);
    const root = findRepoRoot(start);
    const dirs = abs.map((a, i) => {
      const rel = relative(root, a).split(sep).join("/");
      if (!/^packs\/[^/]+\/[^/]+$/.test(rel)) throw new UsageError(`${packDirs[i]} is not a pack version directory of the repository at ${root} (packs/<id>/<version>)`);
      return rel;
    });
    const packed = packsAt(readScoped(workingTree(root), { packs: [...new Set(dirs.map((d) => d.split("/")[1]!))] }), dirs, (dir) => sourceOf(root, dir, [dir]));
    if ("errors" in packed) {
      process.stdout.write(renderText(packed.errors, summarize(packed.errors, dirs.length, 0), []));
      say("not bundling: fix the errors above");
      return EXIT.errors;
    }
    bundles = packed.bundles;
    inputs = { root, paths: repositoryInputs(baseDocuments(packed.ws.tree)) };
  }
  const out = resolve(o.out);
  const writes: FileWrite[] = [];
  for (const bundle of bundles) {
    guardBundleOutput(out, o.out, bundle.name, inputs);
    for (const [file, text] of [[join(out, bundle.name), bundle.bytes], [join(out, `${bundle.name}.sha256`), checksumLine(bundle)]] as const) writes.push({ file, text, before: before(file) });
  }
  mkdirSync(out, { recursive: true });
  await withSignalsDeferred(() => writeFilesAtomic(writes));
  if (!o.quiet) for (const bundle of bundles) say(`wrote ${join(o.out, bundle.name)} and its .sha256 (${bundle.bytes.length} bytes, sha256 ${checksumLine(bundle).slice(0, 12)}…)`);
  return EXIT.ok;
}

/**
 * The bundles of the pack versions `dirs` from a scoped read of their pack ids, each with the
 * source `sourceFor` gives its directory; or the diagnostics of those versions when any is an
 * error (a version with an error may not load at all, so they come first); a directory that
 * holds no pack version is a usage error, with the nearest one as a guess.
 */
function packsAt(read: ScopedRead, dirs: readonly string[], sourceFor: (dir: string) => Source): { ws: Workspace; bundles: Bundle[] } | { errors: Diagnostic[] } {
  const run = prepareRun(read.ws, { mode: "check", activeConfig: false, ...(read.scope ? { scope: read.scope } : {}) });
  const errors = run.diagnostics.filter((d) => dirs.some((dir) => d.file.startsWith(`${dir}/`)));
  if (hasErrors(errors)) return { errors };
  const bundles = dirs.map((dir) => {
    const pack = run.packs.find((p) => p.dir === dir);
    if (!pack) {
      const guess = nearest(dir, new Set(run.packs.map((p) => p.dir)));
      throw new UsageError(`${dir} is not a pack version directory (packs/<id>/<version>)${guess ? `; did you mean ${guess}?` : ""}`);
    }
    return packBundle({ id: pack.id, version: pack.version, dialect: pack.dialect, integrity: pack.integrity, dir }, packFiles(read.ws, dir, pack.integrity), sourceFor(dir));
  });
  return { ws: read.ws, bundles };
}

/** A pack version's files, path relative to its directory → bytes, checked against its integrity digest. */
function packFiles(ws: Workspace, dir: string, integrity: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const [path, bytes] of ws.tree.files) if (path.startsWith(`${dir}/`)) files.set(path.slice(dir.length + 1), bytes);
  if (packIntegrity(ws.tree.files, dir, [...files.keys()]) !== integrity) throw new Error(`packc bug: the files of ${dir} do not give its integrity digest`);
  return files;
}

/** The bytes at `file` now (to put back if a later rename fails), or null. */
function before(file: string): Uint8Array | null {
  return existsSync(file) ? readFileSync(file) : null;
}

/**
 * Refuses (OutputRefusedError, exit 2) a bundle output that is, or lies inside, an input of
 * the repository (`inputs`), and a file in the way that packc did not write: an existing
 * `name` must be a bundle packc wrote and `name.sha256` a checksum line for it.
 */
function guardBundleOutput(out: string, label: string, name: string, inputs: { root: string; paths: string[] } | null): void {
  if (inputs) {
    const target = realPathDeep(out);
    for (const input of inputs.paths) {
      if (inside(target, realPathDeep(join(inputs.root, input)))) throw new OutputRefusedError(`--out ${label} lies inside ${input}, an input of the repository: choose another directory, such as release`);
    }
  }
  const tgz = join(out, name);
  if (existsSync(tgz)) {
    let ours = lstatSync(tgz).isFile();
    if (ours) {
      try {
        readBundle(readFileSync(tgz));
      } catch {
        ours = false;
      }
    }
    if (!ours) throw new OutputRefusedError(`${join(label, name)} exists and is not a bundle packc wrote; move it away or choose another --out`);
  }
  const sum = `${tgz}.sha256`;
  if (existsSync(sum) && !(lstatSync(sum).isFile() && new RegExp(`^[0-9a-f]{64}  ${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\n$`).test(readFileSync(sum, "utf8")))) {
    throw new OutputRefusedError(`${join(label, `${name}.sha256`)} exists and is not a checksum packc wrote; move it away or choose another --out`);
  }
}

/** Options of `packc verify`. */
export interface VerifyOptions {
  repo: string;
  /** The commit the bundle must come from (a branch, tag or commit). */
  ref?: string;
  /** A compiled output directory to check against its own SHA256SUMS and index.json. */
  compiled?: string;
  quiet?: boolean;
}

/**
 * `packc verify BUNDLE [--ref REF]`: rebuilds the bundle from the commit it names (read by
 * commit id, as `diff` reads one) and passes (exit 0) only when the rebuild is byte-identical;
 * with `--ref`, the bundle must name that ref's commit. `packc verify --compiled DIR` checks a
 * compiled output's files against its `SHA256SUMS` and `index.json` (and that it holds nothing
 * else). Exit 1 when the bundle or output fails, saying why (the first file that differs, a
 * bundle built from uncommitted changes, another commit, another packc); 2 when the commit is
 * not in this clone or the invocation is wrong.
 */
export async function runVerify(bundlePath: string | undefined, o: VerifyOptions): Promise<number> {
  if ((bundlePath === undefined) === (o.compiled === undefined)) throw new UsageError("give a bundle (.tgz) or --compiled DIR, one of them");
  const fail = (why: string) => {
    say(`verify failed: ${why}`);
    return EXIT.errors;
  };
  if (o.compiled !== undefined) {
    if (o.ref !== undefined) throw new UsageError("--ref applies to a bundle, not to --compiled");
    try {
      const { index, files } = readCompiled(resolve(o.compiled), o.compiled, "compile it again", true);
      if (!o.quiet) say(`verified: ${o.compiled} holds exactly the ${files.size} files its SHA256SUMS lists, with their digests, as index.json says (built by packc ${index.packc} from ${describeSource(index.source)})`);
      return EXIT.ok;
    } catch (e) {
      if (e instanceof CompiledOutputError) return fail(e.message);
      throw e;
    }
  }
  const bytes = readFileSync(resolve(bundlePath!));
  let manifest: BundleManifest;
  try {
    manifest = readBundle(bytes).manifest;
  } catch (e) {
    if (e instanceof BundleError) return fail(`${bundlePath}: ${e.message}`);
    throw e;
  }
  const { source } = manifest;
  if (!("dirty" in source)) return fail(`${bundlePath} was built outside a git work tree, so it names no commit to rebuild it from`);
  if (source.dirty) return fail(`${bundlePath} was built from ${describeSource(source)}: no commit holds what it was built from, so it cannot be rebuilt`);
  if (manifest.packc !== PACKC_VERSION) return fail(`${bundlePath} was built by packc ${manifest.packc}, and this is packc ${PACKC_VERSION}: verify it with the packc that built it`);
  const root = findRepoRoot(o.repo);
  const commit = (ref: string) => {
    try {
      return resolveCommit(root, ref);
    } catch (e) {
      if (e instanceof GitRefError) throw new UsageError(e.message.replace("--base", "the bundle's commit"));
      throw e;
    }
  };
  if (o.ref !== undefined && commit(o.ref) !== source.commit) return fail(`${bundlePath} was built from commit ${source.commit.slice(0, 12)}, but ${o.ref} is commit ${commit(o.ref).slice(0, 12)}`);
  const id = commit(source.commit);
  const rebuilt = rebuild(root, id, manifest);
  if (typeof rebuilt === "string") return fail(rebuilt);
  if (Buffer.compare(Buffer.from(rebuilt.bytes), Buffer.from(bytes)) !== 0) return fail(`${bundlePath} differs from a rebuild of commit ${id.slice(0, 12)}: ${firstDifference(readBundle(bytes).files, readBundle(rebuilt.bytes).files)}`);
  if (!o.quiet) say(`verified: ${bundlePath} is byte-identical to a rebuild of commit ${id.slice(0, 12)} (sha256 ${checksumLine(rebuilt).slice(0, 12)}…)`);
  return EXIT.ok;
}

/** The bundle `manifest` describes, built again from commit `id` of the repository at `root`, or why it cannot be. */
function rebuild(root: string, id: string, manifest: BundleManifest): Bundle | string {
  if (manifest.kind === "pack") {
    const dir = manifest.pack.dir;
    const packed = packsAt(readScoped(commitSource(root, id), { packs: [manifest.pack.id] }), [dir], () => committedSource(root, id, dir));
    if ("errors" in packed) return `the pack version at ${dir} in commit ${id.slice(0, 12)} has errors (run packc check on it)`;
    return packed.bundles[0]!;
  }
  const ws = readRepoWith(commitSource(root, id));
  // As compile does: tenants one at a time, and nothing when any has an error.
  const run = prepareRun(ws, { mode: "check" });
  const state: WritableState = { failed: false, next: 0, seen: [...run.diagnostics] };
  const files = new Map<string, Uint8Array>();
  const registry = registryEntries({ packs: run.packs, tenantPacks: run.tenantPacks, tenants: run.tenants, lifecycle: run.lifecycle });
  for (const [path, a] of artefacts(run.packs, writableTenants(run, state), registry, committedSource(root, id, ""))) files.set(path, typeof a === "string" ? new TextEncoder().encode(a) : a);
  if (state.failed) return `commit ${id.slice(0, 12)} does not compile (run packc check on it)`;
  return compiledBundle(files, committedSource(root, id, ""));
}

/** The first file that differs between a bundle and its rebuild, for the failure message. */
function firstDifference(got: ReadonlyMap<string, Uint8Array>, want: ReadonlyMap<string, Uint8Array>): string {
  for (const path of [...new Set([...got.keys(), ...want.keys()])].sort()) {
    const [a, b] = [got.get(path), want.get(path)];
    if (!a) return `${path} is missing from the bundle`;
    if (!b) return `${path} is in the bundle but not in the rebuild`;
    if (Buffer.compare(Buffer.from(a), Buffer.from(b)) !== 0) return `${path} differs`;
  }
  return "the archive's bytes differ (same files: it was not written by packc's bundle)";
}
