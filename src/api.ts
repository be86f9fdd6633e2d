/**
 * packc's programmatic API: `import { check, compile, diff } from "packc"`. Each function runs
 * what the CLI command of its name runs and returns, as data, what that command prints with
 * `--format json` (diagnostics, summary, conformance; for `diff`, the change set), plus the
 * lines the CLI would have written on stderr (`notes`). Nothing is printed.
 *
 * A bad invocation or environment (no packs repository, an output packc may not replace, a ref
 * that names no commit, a file-system error) is thrown as an Error whose message says what to
 * do, as the CLI's exit 2; an error in the repository is data (`summary.errors`), as exit 1.
 */
import { checkRun, compileRun, diffRun, reportData, type Checked, type RunIo } from "./cli/commands.js";
import { progressLine } from "./cli/progress.js";
import { summarize, type Summary } from "./report/summary.js";
import type { ConformanceReport } from "./report/conformance.js";
import type { Diagnostic } from "./diagnostics/types.js";
import type { ChangeSet } from "./diff/changes.js";
import { PACKC_VERSION } from "./version.js";

export type { ChangeSet, ConformanceReport, Diagnostic, Summary };

/** The version of packc, as `packc --version` prints it. */
export const version: string = PACKC_VERSION;

/** What `packc check --format json` prints: `{diagnostics, summary, conformance}` (DESIGN.md). */
export interface Report {
  /** Sorted by file, line and column; `file` relative to the repository root with `/`. */
  diagnostics: Diagnostic[];
  /** Errors and warnings counted, with the pack versions and tenants checked (and skipped by a scoped run). */
  summary: Summary;
  /** Each platform pack's conformance outcome. */
  conformance: ConformanceReport[];
  /** What the CLI would have said on stderr: the repository found above the directory given, a cache problem, a run that reaches everything. */
  notes: string[];
}

/** Options of {@link check}; each is the CLI option of the same name. */
export interface CheckOptions {
  /** The packs repository, or a directory inside it (default: the working directory). */
  repo?: string;
  /** Only these tenants and the packs they use (`--tenant`). */
  tenants?: string[];
  /** Only what the working tree's change since this ref can reach (`--changed-since`). */
  changedSince?: string;
  /** Only shard `I/N` (`--shard`). */
  shard?: string;
  /** The cache directory (`--cache`), or false for none (`--no-cache`); default `.packc/cache`. */
  cache?: string | false;
}

/** Options of {@link compile}. */
export interface CompileOptions {
  /** The packs repository, or a directory inside it (default: the working directory). */
  repo?: string;
  /** The output directory, relative to the repository (default `compiled`); replaced only when packc wrote it. */
  out?: string;
  /** Only these tenants and the packs they use (`--tenant`). */
  tenants?: string[];
  /** Only shard `I/N` (`--shard`). */
  shard?: string;
  /** With `tenants` or `shard`: the cache directory, or false for none. */
  cache?: string | false;
}

/** What {@link compile} did: the report, and how many files it wrote (null: nothing, because of errors; the old output is untouched). */
export interface CompileReport extends Report {
  written: number | null;
}

/** Options of {@link diff}. */
export interface DiffOptions {
  /** The packs repository in a git work tree (default: the working directory). */
  repo?: string;
  /** The base: a branch, tag or commit. */
  base: string;
  /** The head commit (default: the working tree). */
  head?: string;
  /** The cache directory, or false for none; default `.packc/cache`. */
  cache?: string | false;
}

/** What {@link diff} found: the change set `packc diff --format json` prints, and the head's diagnostics. */
export interface DiffReport {
  changes: ChangeSet;
  head: { diagnostics: Diagnostic[]; summary: Summary };
  notes: string[];
}

/** A silent {@link RunIo} that keeps the lines in `notes`. */
function collecting(notes: string[]): RunIo {
  return { progress: progressLine({ stream: process.stderr, quiet: true, env: {} }), warn: (l) => notes.push(l), info: (l) => notes.push(l) };
}

function withNotes(checked: Checked, notes: string[]): Report {
  return { ...reportData(checked), notes };
}

/** Validates the repository as `packc check` does; writes nothing but the cache. */
export async function check(options: CheckOptions = {}): Promise<Report> {
  const notes: string[] = [];
  const { checked } = checkRun({ repo: options.repo ?? ".", ...(options.tenants ? { tenant: options.tenants } : {}), ...(options.changedSince !== undefined ? { changedSince: options.changedSince } : {}), ...(options.shard !== undefined ? { shard: options.shard } : {}), ...(options.cache !== undefined ? { cache: options.cache } : {}) }, collecting(notes));
  return withNotes(checked, notes);
}

/** Checks, then writes the compiled output as `packc compile` does (atomically; nothing on errors). */
export async function compile(options: CompileOptions = {}): Promise<CompileReport> {
  const notes: string[] = [];
  const { checked, written } = await compileRun({ repo: options.repo ?? ".", out: options.out ?? "compiled", ...(options.tenants ? { tenant: options.tenants } : {}), ...(options.shard !== undefined ? { shard: options.shard } : {}), ...(options.cache !== undefined ? { cache: options.cache } : {}) }, collecting(notes));
  return { ...withNotes(checked, notes), written };
}

/** Compiles the base commit and the head, and returns what changes for each tenant, as `packc diff` does. */
export async function diff(options: DiffOptions): Promise<DiffReport> {
  const notes: string[] = [];
  const r = diffRun({ repo: options.repo ?? ".", base: options.base, ...(options.head !== undefined ? { head: options.head } : {}), ...(options.cache !== undefined ? { cache: options.cache } : {}) }, collecting(notes));
  const summary = summarize(r.head.diagnostics, r.headChecked.packs, r.headChecked.tenants);
  return { changes: r.changes, head: { diagnostics: r.head.diagnostics, summary }, notes };
}
