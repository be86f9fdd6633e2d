import { isAbsolute, join, resolve } from "node:path";
import { hasErrors } from "../diagnostics/types.js";
import { compiledTree } from "../emit/artefacts.js";
import { compiledOwnership, guardOutput, repositoryInputs } from "../emit/out-guard.js";
import { withSignalsDeferred } from "../emit/signals.js";
import { recoverOutput, removeDeadTempFiles, writeFilesAtomic, writeOutput, type FileWrite } from "../emit/write.js";
import { baseDocuments, readRepo } from "../load/repo.js";
import type { Workspace } from "../load/workspace.js";
import { findRepoRoot } from "../repo/root.js";
import { compileDiff } from "../pipeline/diff.js";
import { changedLines, GitRefError, resolveCommit } from "../repo/git.js";
import { renderDiffText } from "../report/diff-text.js";
import { renderMarkdown } from "../report/markdown.js";
import { compileWorkspace, type CompileOptions, type CompileResult } from "../pipeline/compile.js";
import { conformanceReports } from "../report/conformance.js";
import { renderGithub } from "../report/github.js";
import { renderJson } from "../report/json.js";
import { renderSarif } from "../report/sarif.js";
import { renderLs } from "../report/ls.js";
import { filterEntries, registryOf, STATUSES, type PackStatus, type RegistryFilter } from "../registry/status.js";
import { summarize } from "../report/summary.js";
import { renderText } from "../report/text.js";
import { canonicalJson } from "../util/canonical-json.js";
import { escapeControls, escapeJsonControls } from "../util/controls.js";
import { EXIT, UsageError } from "./exit.js";

/** One line on stderr, `packc: ` first, with control characters escaped (a path or option may hold any). */
function say(line: string): void {
  process.stderr.write(`packc: ${escapeControls(line)}\n`);
}

/** Options every command takes. */
export interface CommonOptions {
  repo: string;
  format: "text" | "json" | "github" | "sarif";
}

/**
 * The packs repository's root: `--repo` (default: the working directory) or the nearest
 * directory above it holding one ({@link findRepoRoot}), announced on stderr when it is not the
 * directory given. No repository is exit 2, never "no problems".
 */
function repoRoot(dir: string): string {
  const root = findRepoRoot(dir);
  if (root !== resolve(dir)) say(`using the packs repository at ${root}`);
  return root;
}

function run(o: CommonOptions, options: CompileOptions): CompileResult {
  return compileWorkspace(readRepo(repoRoot(o.repo)), options);
}

function report(o: CommonOptions, r: CompileResult): number {
  const summary = summarize(r.diagnostics, r.packs.length, r.tenants.length);
  const conformance = conformanceReports(r.packs);
  const out = { json: () => renderJson(r.diagnostics, summary, conformance), sarif: () => renderSarif(r.diagnostics), github: () => renderGithub(r.diagnostics), text: () => renderText(r.diagnostics, summary, conformance) };
  process.stdout.write(out[o.format]());
  return hasErrors(r.diagnostics) ? EXIT.errors : EXIT.ok;
}

/** `packc check`: the whole pipeline, lockfiles frozen, nothing written. */
export async function runCheck(o: CommonOptions): Promise<number> {
  return report(o, run(o, { mode: "check" }));
}

/**
 * `packc compile`: check, then replace the output directory atomically when there is no error.
 * The output is refused (exit 2) when it is, contains or lies inside the repository's inputs or
 * the repository itself, or when it holds files packc did not write ({@link guardOutput}). A dead
 * run's leftovers beside it are recovered first ({@link recoverOutput}).
 */
export async function runCompile(o: CommonOptions & { out: string }): Promise<number> {
  const root = repoRoot(o.repo);
  const ws = readRepo(root);
  const out = isAbsolute(o.out) ? o.out : join(root, o.out);
  const guard = { root, inputs: repositoryInputs(baseDocuments(ws.tree)), name: `--out ${o.out}`, owned: compiledOwnership };
  guardOutput(out, guard);
  await withSignalsDeferred(() => recoverOutput(resolve(out)));
  const r = compileWorkspace(ws, { mode: "check" });
  const code = report(o, r);
  if (code !== EXIT.ok) {
    say(`not writing ${o.out}: fix the errors above (the existing output is untouched)`);
    return code;
  }
  const written = await withSignalsDeferred(() => {
    guardOutput(out, guard); // again: the directory may have changed while packc compiled
    return writeOutput(out, compiledTree(r));
  });
  say(`wrote ${written} files to ${o.out} (${r.tenants.length} tenants)`);
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
  const r = run(o, { mode: "check" });
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
}

/**
 * `packc diff`: compiles the base commit (read from git by commit id) and the head (the working
 * tree, or `--head` by commit id), and prints the semantic change set. Exit 0 when the head
 * compiles, 1 when it has errors (the report still shows them), 2 for a ref that is not a
 * commit here. `sarif` and `github` report the head's diagnostics; annotations on lines the
 * change touched come first.
 */
export async function runDiff(o: DiffOptions): Promise<number> {
  const root = repoRoot(o.repo);
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
  const { head, changes: cs } = compileDiff(root, baseId, headId);
  const out = {
    json: () => escapeJsonControls(JSON.stringify(cs, null, 2)) + "\n",
    text: () => renderDiffText(cs),
    markdown: () => renderMarkdown(cs).join("\n"),
    sarif: () => renderSarif(head.diagnostics),
    github: () => renderGithub(head.diagnostics, changedLines(root, baseId, headId)),
  };
  process.stdout.write(out[o.format]());
  return hasErrors(head.diagnostics) ? EXIT.errors : EXIT.ok;
}

/** Options of `packc lock`. */
export interface LockOptions extends CommonOptions {
  tenant?: string;
  upgrade?: boolean | string;
  allowEditedRelease?: boolean;
}

/**
 * `packc lock`: re-resolve and rewrite lockfiles, all or nothing ({@link writeFilesAtomic}).
 * Refuses (PK308, exit 1) to re-pin a locked version whose content changed, unless
 * `--allow-edited-release`. Temporary files a killed run left are removed first.
 */
export async function runLock(o: LockOptions): Promise<number> {
  const root = repoRoot(o.repo);
  const ws: Workspace = readRepo(root);
  const tenantDirs = new Set([...ws.tree.files.keys()].filter((f) => f.startsWith("tenants/")).map((f) => join(root, ...f.split("/").slice(0, 2))));
  await withSignalsDeferred(() => removeDeadTempFiles(tenantDirs));
  const r = compileWorkspace(ws, { mode: "lock", ...(o.tenant !== undefined ? { tenant: o.tenant } : {}), ...(o.upgrade !== undefined ? { upgrade: o.upgrade } : {}), ...(o.allowEditedRelease ? { allowEditedRelease: true } : {}) });
  if (o.tenant !== undefined && r.tenants.length === 0) throw new UsageError(`no tenant "${o.tenant}" under tenants/`);
  const code = report(o, r);
  if (code !== EXIT.ok) {
    say("no lockfile written: fix the errors above");
    return code;
  }
  const writes: FileWrite[] = [];
  for (const t of r.tenants) {
    if (!t.lockfile) continue;
    const text = canonicalJson(t.lockfile);
    const file = join(root, t.tenant.lockFile);
    if (t.tenant.lock && canonicalJson(t.tenant.lock.value) === text) continue;
    // The bytes before come from the tree load read (only load reads); none when absent or not a file.
    writes.push({ file, text, before: ws.tree.files.get(t.tenant.lockFile) ?? null });
  }
  await withSignalsDeferred(() => writeFilesAtomic(writes));
  for (const w of writes) say(`wrote ${w.file.slice(root.length + 1)}`);
  if (writes.length === 0) say("lockfiles are up to date");
  return EXIT.ok;
}
