import { isAbsolute, join, resolve } from "node:path";
import { cmp, hasErrors } from "../diagnostics/types.js";
import { artefacts, type Part } from "../emit/artefacts.js";
import { compiledListing, compiledOwnershipAtTop, guardOutput, markedOwnership, REPORT_OWNER_FILE, repositoryInputs, type CompiledListing, type OutputGuard } from "../emit/out-guard.js";
import { openCache } from "../cache/open.js";
import { repositorySourceLater } from "../emit/provenance.js";
import type { CacheStore } from "../cache/store.js";
import { withSignalsDeferred } from "../emit/signals.js";
import { recoverOutput, removeDeadTempFiles, stageOutput, writeFilesAtomic, writeOutput, type FileWrite, type StagedOutput } from "../emit/write.js";
import { baseDocuments, baseDocumentsAt, inputPaths, readRepo } from "../load/repo.js";
import { statIndex } from "../cache/stat-index.js";
import { checkWorkingTree } from "../cache/check-tree.js";
import { packLoadMemo } from "../cache/pack-loads.js";
import { parseShard, type Shard } from "../impact/shard.js";
import { mergeShards, readShardOutput } from "../emit/merge.js";
import type { Workspace } from "../load/workspace.js";
import { findRepoRoot } from "../repo/root.js";
import { compileDiff } from "../pipeline/diff.js";
import type { ChangeSet } from "../diff/changes.js";
import { changedLines, changedPaths, GitRefError, resolveCommit, unbornHead, workTreePrefix } from "../repo/git.js";
import { readScoped, type ScopeRequest } from "../impact/read-scoped.js";
import { affected } from "../impact/affected.js";
import type { Scope } from "../impact/scope.js";
import type { PackLoadMemo } from "../dialects/api.js";
import { workingTree } from "../repo/source.js";
import { nearest } from "../util/suggest.js";
import { renderDiffText } from "../report/diff-text.js";
import { renderMarkdown } from "../report/markdown.js";
import { compileWorkspace, finishDiagnostics, prepareRun, streamTenants, writableTenants, type CompileOptions, type CompileResult, type PreparedRun, type WritableState } from "../pipeline/compile.js";
import type { TenantResult } from "../pipeline/tenant.js";
import type { Diagnostic } from "../diagnostics/types.js";
import type { Lockfile, Tenant } from "../model/tenant.js";
import { progressLine, type Progress } from "./progress.js";
import { conformanceReports, type ConformanceReport } from "../report/conformance.js";
import { renderGithub } from "../report/github.js";
import { renderJson } from "../report/json.js";
import { renderSarif } from "../report/sarif.js";
import { renderLs } from "../report/ls.js";
import { filterEntries, registryEntries, registryOf, STATUSES, type PackStatus, type RegistryFilter } from "../registry/status.js";
import { summarize, type Summary } from "../report/summary.js";
import { renderText } from "../report/text.js";
import { canonicalJson } from "../util/canonical-json.js";
import { escapeControls, escapeJsonControls } from "../util/controls.js";
import { EXIT, UsageError } from "./exit.js";

/** One line on stderr, `packc: ` first, with control characters escaped (a path or option may hold any). */
export function say(line: string): void {
  process.stderr.write(`packc: ${escapeControls(line)}\n`);
}

/** Options every command takes. */
export interface CommonOptions {
  repo: string;
  format: "text" | "json" | "github" | "sarif";
  /** No progress line, no elapsed time, no informational lines on stderr. */
  quiet?: boolean;
}

/** The CLI's progress line on stderr ({@link progressLine}): a terminal only, never in CI or with --quiet. */
function progressFor(o: { quiet?: boolean }): Progress {
  // The acceptance test draws from the start on a pseudo-terminal instead of waiting a second.
  const delay = Number(process.env.PACKC_TEST_PROGRESS_DELAY_MS);
  return progressLine({ stream: process.stderr, quiet: o.quiet === true, env: process.env, ...(Number.isFinite(delay) ? { delayMs: delay, intervalMs: 0 } : {}) });
}

/** An informational line, unless --quiet. */
function inform(o: { quiet?: boolean }, line: string): void {
  if (!o.quiet) say(line);
}

/**
 * Where a run's side channels go: its progress, and lines for the user. The CLI draws the
 * progress line and writes the lines on stderr ({@link cliIo}); the API collects the lines.
 */
export interface RunIo {
  progress: Progress;
  /** A line the user must see: a cache problem, the repository found above the directory given. */
  warn(line: string): void;
  /** An informational line, which the CLI leaves out with --quiet. */
  info(line: string): void;
}

/** The CLI's {@link RunIo}: the progress line and stderr. */
function cliIo(o: { quiet?: boolean }): RunIo {
  return { progress: progressFor(o), warn: say, info: (line) => inform(o, line) };
}

/**
 * The packs repository's root: `--repo` (default: the working directory) or the nearest
 * directory above it holding one ({@link findRepoRoot}), announced when it is not the
 * directory given. No repository is exit 2, never "no problems".
 */
function repoRoot(dir: string, warn: (line: string) => void = say): string {
  const root = findRepoRoot(dir);
  if (root !== resolve(dir)) warn(`using the packs repository at ${root}`);
  return root;
}

function run(o: { repo: string }, options: CompileOptions): CompileResult {
  return compileWorkspace(readRepo(repoRoot(o.repo)), options);
}

/** What a report shows: the run's diagnostics and what was checked. */
export interface Checked {
  diagnostics: readonly Diagnostic[];
  /** The pack versions checked: loaded ones, or (a cached check) their count and conformance outcomes. */
  packs: CompileResult["packs"] | { count: number; conformance: ConformanceReport[] };
  tenants: number;
  /** A scoped run: the pack versions and tenants it left out. */
  skipped?: { packs: number; tenants: number };
}

/**
 * Prints the report in `--format` on stdout and returns the exit code (1 with errors). The
 * progress line is erased first; when it was shown, the text summary gives the elapsed time.
 */
function report(o: CommonOptions, r: Checked, progress?: Progress): number {
  const elapsedMs = progress?.done();
  const { summary, conformance } = reportData(r);
  const timed = progress?.shown && elapsedMs !== undefined ? { ...summary, elapsedMs } : summary;
  // SARIF and annotations name files from the top of the git work tree (a packs repository in a monorepo).
  const prefix = () => workTreePrefix(findRepoRoot(o.repo));
  const out = { json: () => renderJson(r.diagnostics, summary, conformance), sarif: () => renderSarif(r.diagnostics, prefix()), github: () => renderGithub(r.diagnostics, new Map(), prefix()), text: () => renderText(r.diagnostics, timed, conformance) };
  process.stdout.write(out[o.format]());
  return hasErrors(r.diagnostics) ? EXIT.errors : EXIT.ok;
}

/**
 * What `--format json` reports for `r`: the diagnostics, the summary (errors, warnings, pack
 * versions and tenants checked, and skipped ones) and the conformance outcomes. Pure.
 */
export function reportData(r: Checked): { diagnostics: Diagnostic[]; summary: Summary; conformance: ConformanceReport[] } {
  const [count, conformance] = "count" in r.packs ? [r.packs.count, r.packs.conformance] : [r.packs.length, conformanceReports(r.packs)];
  return { diagnostics: [...r.diagnostics], summary: summarize(r.diagnostics, count, r.tenants, r.skipped), conformance };
}

/**
 * Compiles every tenant of `run` one at a time, keeping only its diagnostics (and what `keep`
 * takes from it), and returns the run's diagnostics, sorted and de-duplicated.
 */
function streamDiagnostics(run: PreparedRun, progress: Progress, keep?: (t: TenantResult) => void, from = 0, seen: Diagnostic[] = [...run.diagnostics]): Diagnostic[] {
  streamTenants(
    run,
    (t) => {
      seen.push(...t.diagnostics);
      keep?.(t);
    },
    progress,
    from,
  );
  return finishDiagnostics(seen);
}

/** Reads the repository at `root` with the progress line saying so. */
function readWithProgress(root: string, progress: Progress): Workspace {
  progress.phase("reading files");
  return readRepo(root);
}

/**
 * `packc check`: the whole pipeline, lockfiles frozen, nothing written. Tenants stream: each
 * one's results are dropped once its diagnostics are taken, and no active config is built.
 */
export async function runCheck(o: CheckOptions): Promise<number> {
  const io = cliIo(o);
  const { checked, verbose } = checkRun(o, io);
  const code = report(o, checked, io.progress);
  if (o.verbose && verbose) io.info(verbose);
  return code;
}

/**
 * What `packc check` finds ({@link runCheck}), as data: a whole check (from the cache when one
 * is open), or a scoped one (`--tenant`, `--changed-since`, `--shard`) with what it skipped;
 * `verbose` says how much a cached check reused. Throws UsageError (and the other errors the
 * CLI turns into exit 2) for a bad invocation or environment.
 */
export function checkRun(o: Omit<CheckOptions, "format">, io: RunIo): { checked: Checked; verbose?: string } {
  const { progress } = io;
  const root = repoRoot(o.repo, io.warn);
  const asked = scopeRequest(o, root, io);
  progress.phase("reading files");
  const bases = baseDocumentsAt(root);
  // Where the cache is, checked now; its files are read only when first used (`lazyStore`):
  // reading it and its stat index costs more than a change that reaches no pack or tenant costs
  // to check (0.19 s of CPU of a 0.7 s `--changed-since HEAD`), so such a run uses none.
  const opened = openCache(o.cache, root, bases, io.warn);
  let index: ReturnType<typeof statIndex> | undefined;
  let tree: ReturnType<typeof workingTree> | undefined;
  // With a cache, a scoped check lists files whose lstat the cache's index knows without reading them.
  const source = (cache: ReturnType<typeof openCache>) => {
    if (!tree) {
      index = cache ? statIndex(cache.store) : undefined;
      tree = workingTree(root, index);
    }
    return tree;
  };
  // With the index, the untracked files under packs/ and tenants/ are found from its listings
  // when a pack changed (the scoped read then lists every pack and tenant directory anyway).
  const changed = asked && "since" in asked ? asUsage(() => changedPaths(root, asked.since, null, { list: (dir) => source(opened).list(dir), walkIf: (tracked) => touchesPacks(tracked) && opened !== null, inputs: inputPaths(bases) })) : undefined;
  const everything = changed !== undefined && affected(changed, [{ baseDocuments: bases, packs: [], tenants: [] }]).all;
  if (everything) io.info(`the change since ${o.changedSince} reaches every pack and tenant (packc.yaml or a base document changed): checking everything`);
  const cache = changed && !everything && !changed.some(inPackOrTenant) ? null : opened;
  if ((!asked || everything) && cache) {
    const { report: r, files, unchanged } = checkWorkingTree(root, cache.store, progress);
    saveOpenCache(cache, io.warn);
    const verbose = `cache ${cache.name}: reused ${r.reused.packs} of ${r.reused.packsOf} pack ids and ${r.reused.tenants} of ${r.reused.tenantsOf} tenants; ${unchanged} of ${files} files unchanged since it saw them (by their lstat: not read)`;
    return { checked: { diagnostics: r.diagnostics, packs: { count: r.packs, conformance: r.conformance }, tenants: r.tenants }, verbose };
  }
  const request = changed ? { changed } : asked && !("since" in asked) ? asked : null;
  // A scoped check keeps in the cache only what it computes from single files or pack version
  // directories (impact analysis, manifest-only and full loads); its pack and tenant results are
  // partial, so they are not stored.
  const read = request && !everything ? readScoped(source(cache), request, undefined, cache?.store) : { ws: readRepo(root), scope: null, tenantIds: [], skipped: null };
  index?.save(false);
  if (request && "tenants" in request) unknownTenants(request.tenants, read.tenantIds);
  const { scope } = read;
  const run = prepareRun(read.ws, { mode: "check", activeConfig: false, ...scopedRun(scope, read.ws, cache) }, progress);
  saveOpenCache(cache, io.warn);
  const diagnostics = streamDiagnostics(run, progress);
  return { checked: { diagnostics, packs: run.packs, tenants: run.tenants.length, ...(scope ? { skipped: read.skipped! } : {}) } };
}

/** Whether `path` is inside a pack or tenant directory (`packs/<id>/…`, `tenants/<id>/…`): what a scoped read takes from the cache. */
const inPackOrTenant = (path: string) => /^(packs|tenants)\/[^/]+\//.test(path);

/** Whether a change touches a file of a pack id under `packs/` (which makes a scoped check read every manifest and tenant record). */
const touchesPacks = (paths: readonly string[]) => paths.some((p) => /^packs\/[^/]+\//.test(p));

/** The run options of a scoped run (none for a whole one): the scope, and the cache's pack version loads when a cache is open. */
function scopedRun(scope: Scope | null, ws: Workspace, cache: { store: CacheStore } | null): { scope?: Scope; loads?: PackLoadMemo } {
  if (!scope) return {};
  return cache ? { scope, loads: packLoadMemo(ws, cache.store) } : { scope };
}

/** Saves an open cache (nothing without one), saying (`warn`) when it could not or found damaged entries. */
function saveOpenCache(cache: { store: CacheStore; name: string } | null, warn: (line: string) => void): void {
  if (!cache) return;
  const warning = cache.store.save();
  if (warning) warn(warning);
  const { stats } = cache.store;
  if (stats.rejected) warn(`cache ${cache.name}: ${stats.rejected} damaged entries ignored and computed again`);
}

/** Options of `packc check`. */
export interface CheckOptions extends CommonOptions {
  /** The cache directory (`--cache DIR`), or false (`--no-cache`); undefined: the default. */
  cache?: string | false;
  /** Say how much of a whole check came from the cache. */
  verbose?: boolean;
  /** Only these tenants (repeatable `--tenant`), with the packs they use. */
  tenant?: string[];
  /** Only what the working tree's change since this ref can reach (`impact/affected.ts`). */
  changedSince?: string;
  /** Only this shard's tenants (`I/N`), with the packs they use (`impact/shard.ts`). */
  shard?: string;
}

/**
 * What a `check --tenant`, `--changed-since` or `--shard` run asks for, or null for a full run (also
 * `--changed-since HEAD` in a repository with no commit yet)
 * (`--changed-since` gives its commit, `since`, whose changed paths `runCheck` lists once the
 * cache is open). Two of them at once, a ref that names no commit and a shard not of the form I/N are usage
 * errors (exit 2).
 */
function scopeRequest(o: Omit<CheckOptions, "format">, root: string, io: RunIo): Exclude<ScopeRequest, { changed: readonly string[] }> | { since: string } | null {
  const tenants = o.tenant ?? [];
  const given = [tenants.length ? "--tenant" : "", o.changedSince !== undefined ? "--changed-since" : "", o.shard !== undefined ? "--shard" : ""].filter(Boolean);
  if (!given.length) return null;
  if (given.length > 1) throw new UsageError(`give one of --tenant, --changed-since and --shard, not both ${given.join(" and ")}`);
  if (o.shard !== undefined) return { shard: shardOption(o.shard) };
  if (tenants.length) return { tenants };
  // The first commit of a repository: everything in it is new, so everything is checked.
  if (o.changedSince === "HEAD" && unbornHead(root)) {
    io.info("--changed-since HEAD: there is no commit yet, so everything is new: checking everything");
    return null;
  }
  // The head's listing and records alone are enough: a dependency or request that only the
  // base has sits in a file the change touched, whose pack or tenant is therefore reached already.
  // The paths are listed once the cache is open (`runCheck`).
  return { since: asUsage(() => resolveCommit(root, o.changedSince!)) };
}

/** What `read` gets from git, a GitRefError being a usage error of `--changed-since` (exit 2). */
function asUsage<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof GitRefError) throw new UsageError(e.message.replace("--base", "--changed-since"));
    throw e;
  }
}

/** Refuses (exit 2) a `--tenant` that names no directory under `tenants/`, with the nearest one as a guess. */
function unknownTenants(ids: readonly string[], known: readonly string[]): void {
  const set = new Set(known);
  for (const id of ids) {
    if (set.has(id)) continue;
    const guess = nearest(id, set);
    throw new UsageError(`--tenant ${id}: no such tenant under tenants/${guess ? ` (did you mean ${guess}?)` : ""}`);
  }
}

/**
 * `packc compile`: check, then replace the output directory atomically when there is no error.
 * The output is refused (exit 2) when it is, contains or lies inside the repository's inputs or
 * the repository itself, or when it holds files packc did not write ({@link guardOutput}). A dead
 * run's leftovers beside it are recovered first ({@link recoverOutput}). Tenants stream: each
 * active config is written to the staging directory ({@link stageOutput}) before the next tenant
 * is composed; an error anywhere drops the staged directory, and only the swap defers signals.
 */
export async function runCompile(o: CompileCliOptions): Promise<number> {
  const io = cliIo(o);
  const { checked, written } = await compileRun(o, io);
  const code = report(o, checked, io.progress);
  if (written === null) {
    say(`not writing ${o.out}: fix the errors above (the existing output is untouched)`);
    return code === EXIT.ok ? EXIT.errors : code;
  }
  const { shard, tenant = [] } = o;
  io.info(`wrote ${written} files to ${o.out} (${checked.tenants} tenants${shard ? `, shard ${shard}` : tenant.length ? ", and only the packs they use" : ""})`);
  return EXIT.ok;
}

/**
 * What `packc compile` does ({@link runCompile}), as data: what it checked, and how many files
 * it wrote to `o.out`, or null when it wrote nothing because of errors (the old output is then
 * untouched). Throws UsageError, OutputRefusedError and the other errors the CLI turns into
 * exit 2.
 */
export async function compileRun(o: Omit<CompileCliOptions, "format">, io: RunIo): Promise<{ checked: Checked; written: number | null }> {
  const { progress } = io;
  const root = repoRoot(o.repo, io.warn);
  const shard = o.shard === undefined ? undefined : shardOption(o.shard);
  const only = o.tenant ?? [];
  if (shard && only.length) throw new UsageError("give --tenant or --shard, not both");
  const part: Part | undefined = shard ? { shard } : only.length ? { tenants: [...new Set(only)].sort(cmp) } : undefined;
  progress.phase("reading files");
  // A partial compile uses the cache as a scoped check does (files by lstat, impact analysis,
  // pack versions' loads); a whole compile has nothing to take from it.
  const cache = part ? openCache(o.cache, root, baseDocumentsAt(root), io.warn) : null;
  const index = cache ? statIndex(cache.store) : undefined;
  const read = part ? readScoped(workingTree(root, index), part, undefined, cache?.store) : null;
  index?.save(false);
  if (read && only.length) unknownTenants(only, read.tenantIds);
  const ws = read ? read.ws : readRepo(root);
  const scope = read?.scope ?? undefined;
  const out = isAbsolute(o.out) ? o.out : join(root, o.out);
  // Before compiling, a packc output is checked at its top level only; every file is checked right before the swap.
  const guard = { root, inputs: repositoryInputs(baseDocuments(ws.tree)), name: `--out ${o.out}`, owned: compiledOwnershipAtTop };
  guardOutput(out, guard);
  await withSignalsDeferred(() => recoverOutput(resolve(out)));
  // git reads the source (HEAD, its tree, the inputs' status) on another core while packs are validated.
  const sourceRead = repositorySourceLater(root, baseDocuments(ws.tree));
  const run = prepareRun(ws, { mode: "check", ...scopedRun(scope ?? null, ws, cache) }, progress);
  saveOpenCache(cache, io.warn);
  const source = await sourceRead;
  // Tenants stream into the staging directory as they compile; the first error stops the
  // writing (the rest are compiled for their diagnostics only) and the staged output is dropped.
  const state: WritableState = { failed: false, next: 0, seen: [...run.diagnostics] };
  let staged: StagedOutput | null = null;
  const registry = registryEntries({ packs: run.packs, tenantPacks: run.tenantPacks, tenants: run.tenants, lifecycle: run.lifecycle });
  const files = artefacts(run.packs, writableTenants(run, state, progress), registry, source, part);
  if (!hasErrors(state.seen)) staged = stageOutput(out, files);
  const diagnostics = state.next < run.tenants.length ? streamDiagnostics(run, progress, undefined, state.next, state.seen) : finishDiagnostics(state.seen);
  const checked: Checked = { diagnostics, packs: run.packs, tenants: run.tenants.length, ...(read?.scope ? { skipped: read.skipped } : {}) };
  if (state.failed || hasErrors(diagnostics) || !staged) {
    staged?.discard();
    return { checked, written: null };
  }
  await swapIn(out, guard, staged);
  return { checked, written: staged.written };
}

/** Options of `packc compile`. */
export interface CompileCliOptions extends CommonOptions {
  out: string;
  /** Only this shard's tenants and the packs they use (`I/N`); the output is marked as that shard's. */
  shard?: string;
  /** Only these tenants and the packs they use (repeatable `--tenant`); the output names them. */
  tenant?: string[];
  /** The cache a partial compile (`--shard`, `--tenant`) uses (`--cache DIR`), or false (`--no-cache`); undefined: the default. */
  cache?: string | false;
}

/** `--shard I/N`, or a usage error (exit 2). */
function shardOption(text: string): Shard {
  const shard = parseShard(text);
  if (!shard) throw new UsageError(`--shard ${text}: expected I/N with 1 <= I <= N <= 1000, e.g. --shard 2/4`);
  return shard;
}

/**
 * Replaces `out` with `staged` with signals deferred, after checking once more that every file
 * of the output it replaces is packc's (the directory may have changed meanwhile); that listing
 * then serves to remove the replaced output without walking it a second time.
 */
async function swapIn(out: string, guard: OutputGuard, staged: StagedOutput): Promise<void> {
  await withSignalsDeferred(() => {
    let old: CompiledListing | undefined;
    try {
      guardOutput(out, { ...guard, owned: (dir) => (old = compiledListing(dir)).why });
    } catch (e) {
      staged.discard();
      throw e;
    }
    staged.commit(old);
  });
}

/** Options of `packc merge-compiled`. */
export interface MergeOptions {
  repo: string;
  out: string;
  quiet?: boolean;
}

/**
 * `packc merge-compiled DIR...`: joins the outputs of `compile --shard I/N` for every I into
 * `--out`, byte-identical to one unsharded compile ({@link mergeShards}), written as compile
 * writes (atomically, only where packc owns the directory). Shards that overlap, are missing,
 * disagree or were changed after packc wrote them are refused with exit 2 and nothing written.
 */
export async function runMerge(dirs: string[], o: MergeOptions): Promise<number> {
  const root = repoRoot(o.repo);
  const out = isAbsolute(o.out) ? o.out : join(root, o.out);
  const shards = dirs.map((d) => readShardOutput(d, process.cwd()));
  const files = mergeShards(shards);
  const guard = { root, inputs: repositoryInputs(baseDocumentsAt(root)), name: `--out ${o.out}`, owned: compiledOwnershipAtTop };
  guardOutput(out, guard);
  await withSignalsDeferred(() => recoverOutput(resolve(out)));
  const staged = stageOutput(out, files);
  await swapIn(out, guard, staged);
  inform(o, `wrote ${staged.written} files to ${o.out} (${shards.length} shards joined)`);
  return EXIT.ok;
}

/** Options of `packc ls`. */
export interface LsOptions extends RegistryFilter {
  repo: string;
  format: "text" | "json";
}

/**
 * `packc ls`: lists pack versions with their status, like the guide's `GET /admin/packs/domain`
 * and `GET /admin/packs/tenant/{tenant_id}`. Lists even when the repository has errors (it says
 * so on stderr); exit 0, or 2 for an unknown `--status`.
 */
export async function runLs(o: LsOptions): Promise<number> {
  if (o.status !== undefined && !STATUSES.includes(o.status.toUpperCase() as PackStatus)) {
    throw new UsageError(`--status ${o.status}: expected one of ${STATUSES.join(", ")} (any case)`);
  }
  const r = run(o, { mode: "check", activeConfig: false });
  const rows = filterEntries(registryOf(r), o);
  process.stdout.write(renderLs(rows, o.format));
  const errors = r.diagnostics.filter((d) => d.severity === "error").length;
  if (errors) say(`the repository has ${errors} error${errors === 1 ? "" : "s"}; run packc check for details`);
  if (rows.length === 0) say("no pack versions match");
  return EXIT.ok;
}

/** Options of `packc diff`. */
export interface DiffOptions {
  repo: string;
  base: string;
  head?: string;
  format: "markdown" | "text" | "json" | "sarif" | "github";
  /** The cache directory (`--cache DIR`), or false (`--no-cache`); undefined: the default, as for check. */
  cache?: string | false;
  /** With `--format markdown`: a directory (relative to the repository) to write the comment's parts into as comment-1.md, comment-2.md, … */
  outDir?: string;
}

/**
 * Writes the comment's parts into `dir` (relative to the repository root) as `comment-N.md`,
 * replacing what an earlier run wrote there, beside the report owner file; refuses, as every
 * packc output does (`guardOutput`), an input, the repository itself and a directory packc did
 * not write.
 */
function writeCommentParts(root: string, dir: string, parts: readonly string[]): void {
  const out = isAbsolute(dir) ? dir : join(root, dir);
  guardOutput(out, { root, inputs: repositoryInputs(baseDocumentsAt(root)), name: `--out-dir ${dir}`, owned: markedOwnership(REPORT_OWNER_FILE) });
  writeOutput(out, [[REPORT_OWNER_FILE, "This directory is written by packc and replaced on every run.\n"], ...parts.map((p, i) => [`comment-${i + 1}.md`, p] as const)]);
}

/**
 * `packc diff`: compiles the base commit (read from git by commit id) and the head (the working
 * tree, or `--head` by commit id), and prints the semantic change set. Exit 0 when the head
 * compiles, 1 when it has errors (the report still shows them), 2 for a ref that is not a
 * commit here. `sarif` and `github` report the head's diagnostics; annotations on lines the
 * change touched come first.
 */
export async function runDiff(o: DiffOptions): Promise<number> {
  if (o.outDir !== undefined && o.format !== "markdown") throw new UsageError(`--out-dir writes the pull-request comment's parts: use it with --format markdown (not ${o.format})`);
  const { root, baseId, headId, head, changes: cs } = diffRun(o, { warn: say });
  const out = {
    json: () => escapeJsonControls(JSON.stringify(cs, null, 2)) + "\n",
    text: () => renderDiffText(cs),
    markdown: () => renderMarkdown(cs).join("\n"),
    sarif: () => renderSarif(head.diagnostics, workTreePrefix(root)),
    github: () => renderGithub(head.diagnostics, changedLines(root, baseId, headId), workTreePrefix(root)),
  };
  if (o.outDir !== undefined) {
    const parts = renderMarkdown(cs);
    await withSignalsDeferred(() => writeCommentParts(root, o.outDir!, parts));
    say(`wrote ${parts.length} comment part${parts.length === 1 ? "" : "s"} to ${o.outDir}`);
  }
  process.stdout.write(out[o.format]());
  return hasErrors(head.diagnostics) ? EXIT.errors : EXIT.ok;
}

/**
 * What `packc diff` computes ({@link runDiff}), as data: the repository root, the two commit
 * ids (`headId` null for the working tree), the head's diagnostics (and how many pack versions
 * and tenants they cover) and the change set that
 * `--format json` prints. Throws UsageError for a ref that names no commit here.
 */
export function diffRun(o: Pick<DiffOptions, "repo" | "base" | "head" | "cache">, io: Pick<RunIo, "warn">): { root: string; baseId: string; headId: string | null; head: { diagnostics: Diagnostic[] }; headChecked: { packs: number; tenants: number }; changes: ChangeSet } {
  const root = repoRoot(o.repo, io.warn);
  const commit = (ref: string) => {
    try {
      return resolveCommit(root, ref);
    } catch (e) {
      if (e instanceof GitRefError) throw new UsageError(e.message);
      throw e;
    }
  };
  const baseId = commit(o.base);
  const headId = o.head !== undefined ? commit(o.head) : null;
  const cache = openCache(o.cache, root, baseDocumentsAt(root), io.warn);
  const { head, changes, headChecked } = compileDiff(root, baseId, headId, cache ? { cache: cache.store } : {});
  const warning = cache?.store.save();
  if (warning) io.warn(warning);
  return { root, baseId, headId, head, headChecked, changes };
}

/** Options of `packc lock`. */
export interface LockOptions extends CommonOptions {
  tenant?: string;
  upgrade?: boolean | string;
  allowEditedRelease?: boolean;
  /** List every lockfile written. */
  verbose?: boolean;
  /** Exit 1 when a lockfile was written (`--exit-code`, as `git diff --exit-code`): the pre-commit hook's way to stop the commit. */
  exitCode?: boolean;
}

/**
 * `packc lock`: re-resolve and rewrite lockfiles, all or nothing ({@link writeFilesAtomic}).
 * Refuses (PK308, exit 1) to re-pin a locked version whose content changed, unless
 * `--allow-edited-release`. Temporary files a killed run left are removed first. Tenants
 * stream: only each one's new lockfile text is kept, and only when it differs. Says in one line
 * how many lockfiles were written and how many were unchanged (`--verbose`: each one written).
 * With `--exit-code`, writing any lockfile is exit 1 (the pre-commit hook `packc-lock`).
 */
export async function runLock(o: LockOptions): Promise<number> {
  const progress = progressFor(o);
  const root = repoRoot(o.repo);
  const ws: Workspace = readWithProgress(root, progress);
  const tenantDirs = new Set([...ws.tree.files.keys()].filter((f) => f.startsWith("tenants/")).map((f) => join(root, ...f.split("/").slice(0, 2))));
  await withSignalsDeferred(() => removeDeadTempFiles(tenantDirs));
  const run = prepareRun(ws, { mode: "lock", ...(o.tenant !== undefined ? { tenant: o.tenant } : {}), ...(o.upgrade !== undefined ? { upgrade: o.upgrade } : {}), ...(o.allowEditedRelease ? { allowEditedRelease: true } : {}) }, progress);
  if (o.tenant !== undefined && run.tenants.length === 0) throw new UsageError(`no tenant "${o.tenant}" under tenants/`);
  const writes: FileWrite[] = [];
  let unchanged = 0;
  const diagnostics = streamDiagnostics(run, progress, (t) => {
    const change = lockfileWrite(root, ws, t.tenant, t.lockfile);
    if (change) writes.push(change);
    else if (t.lockfile) unchanged++;
  });
  const code = report(o, { diagnostics, packs: run.packs, tenants: run.tenants.length }, progress);
  if (code !== EXIT.ok) {
    say("no lockfile written: fix the errors above");
    return code;
  }
  await withSignalsDeferred(() => writeFilesAtomic(writes));
  if (o.verbose) for (const w of writes) say(`wrote ${w.file.slice(root.length + 1)}`);
  const count = (n: number, what: string) => `${n} lockfile${n === 1 ? "" : "s"} ${what}`;
  inform(o, writes.length === 0 ? `lockfiles are up to date (${count(unchanged, "unchanged")})` : `${count(writes.length, "written")}, ${unchanged} unchanged${o.verbose ? "" : " (--verbose lists them)"}`);
  if (o.exitCode && writes.length > 0) {
    // Said even with --quiet: it is why the exit code is 1.
    say(`${writes.length === 1 ? "a lockfile was" : "lockfiles were"} stale and ${writes.length === 1 ? "has" : "have"} been rewritten: stage ${writes.length === 1 ? "it" : "them"} (git add) and commit again`);
    return EXIT.errors;
  }
  return EXIT.ok;
}

/** The write that brings a tenant's lockfile to `lockfile`, or null when it already says exactly that (or there is none to write). */
function lockfileWrite(root: string, ws: Workspace, tenant: Tenant, lockfile: Lockfile | null): FileWrite | null {
  if (!lockfile) return null;
  const text = canonicalJson(lockfile);
  if (tenant.lock && canonicalJson(tenant.lock.value) === text) return null;
  // The bytes before come from the tree load read (only load reads); none when absent or not a file.
  return { file: join(root, tenant.lockFile), text, before: ws.tree.files.get(tenant.lockFile) ?? null };
}
