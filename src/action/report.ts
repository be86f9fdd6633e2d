import type { ChangedLines, Diagnostic } from "../diagnostics/types.js";
import { escapeJsonControls } from "../util/controls.js";
import { compiledTree } from "../emit/artefacts.js";
import { baseDocumentsAt, readRepo } from "../load/repo.js";
import { repositorySource } from "../emit/provenance.js";
import { compileWorkspace } from "../pipeline/compile.js";
import { compileDiff } from "../pipeline/diff.js";
import type { CacheStore } from "../cache/store.js";
import { checkWorkingTree } from "../cache/check-tree.js";
import { conformanceReports } from "../report/conformance.js";
import { renderGithub } from "../report/github.js";
import { renderJson } from "../report/json.js";
import { renderMarkdown, type CommentKind } from "../report/markdown.js";
import { flipCounts } from "../diff/direction.js";
import type { CommentLinks } from "../report/links.js";
import { diagnosticsTable, renderCheckMarkdown } from "../report/markdown-diagnostics.js";
import { renderSarif } from "../report/sarif.js";
import { summarize, type Summary } from "../report/summary.js";

/** GitHub's limit on one step summary is 1 MiB; this leaves room for the other lines. */
const STEP_SUMMARY_BYTES = 1_000_000;
/** Diagnostics listed in the step summary; the SARIF file has them all. */
const SUMMARY_ROWS = 200;

/** Everything one Action run reports, before any of it is written or posted. */
export interface ActionReport {
  kind: CommentKind;
  /** The head's diagnostics (the working tree's). */
  diagnostics: Diagnostic[];
  summary: Summary;
  /** The pull-request comment, one or more parts, each ≤ 65,536 characters. */
  commentParts: string[];
  /** Markdown for the step summary (≤ 1 MiB): the full report where the comment had to cut. */
  stepSummary: string;
  /** At most 10 error and 10 warning workflow-command annotations, changed lines first. */
  annotations: string;
  /** The report directory's files (relative path → text): report.json, packc.sarif, summary.md, comment parts, compiled/ for compile. */
  files: Map<string, string | Uint8Array>;
  changedTenants: string[];
  decisionFlips: number;
  /** The flips that loosen and those that tighten control (`diff/direction.ts`). */
  flips: { loosened: number; tightened: number };
}

/** Joins Markdown chunks while they fit in the step summary, then says how many were left out. */
function fitSummary(chunks: readonly string[], tail: string): string {
  let used = Buffer.byteLength(tail, "utf8") + 512;
  const kept: string[] = [];
  for (const c of chunks) {
    const size = Buffer.byteLength(c, "utf8") + 2;
    if (used + size > STEP_SUMMARY_BYTES) break;
    kept.push(c);
    used += size;
  }
  const left = chunks.length - kept.length;
  if (left) kept.push(`${left} more part${left === 1 ? "" : "s"} of the report did not fit in the step summary; see report.json in the uploaded report.`);
  return [...kept, tail].filter(Boolean).join("\n\n") + "\n";
}

/**
 * Runs `command` on the repository at `root` and renders every output of the Action (pure apart
 * from reading the repository and git). `diff` compiles `baseId` (a commit id, required) and the
 * working tree; `check` and `compile` compile the working tree, ranking diagnostics by
 * `changed`. For `compile` the report includes the compiled/ tree when there is no error.
 * `cache` serves `diff` (the head's diagnostics, and only the affected tenants compiled) and
 * `check` (a cached check, which also records the blob ids a later `diff` reads commits by).
 * `links`: the repository, commits and run the comment links to; its `prefix` (the packs
 * repository's path in the work tree) also goes before every file of the annotations and SARIF.
 */
export function buildReport(command: CommentKind, root: string, baseId: string | null, changed: ChangedLines, cache?: CacheStore, links?: CommentLinks): ActionReport {
  if (command === "diff" && !baseId) throw new Error("packc bug: diff without a base commit");
  const run = command === "diff" ? compileDiff(root, baseId!, null, cache ? { cache } : {}) : null;
  // A check with a cache is a cached check (it also leaves the blob ids a later diff reads commits by).
  const checked = command === "check" && cache ? checkWorkingTree(root, cache).report : null;
  const compiled = run || checked ? null : compileWorkspace(readRepo(root), { mode: "check" });
  const head = { diagnostics: run ? run.head.diagnostics : checked ? checked.diagnostics : compiled!.diagnostics };
  const summary = run ? summarize(head.diagnostics, run.headChecked.packs, run.headChecked.tenants) : checked ? summarize(head.diagnostics, checked.packs, checked.tenants) : summarize(head.diagnostics, compiled!.packs.length, compiled!.tenants.length);
  const files = new Map<string, string | Uint8Array>();
  const prefix = links?.prefix ?? "";
  files.set("packc.sarif", renderSarif(head.diagnostics, prefix));
  const annotations = renderGithub(head.diagnostics, changed, prefix);
  const table = diagnosticsTable(head.diagnostics, changed, SUMMARY_ROWS, links);
  let commentParts: string[];
  let stepSummary: string;
  let changedTenants: string[] = [];
  let decisionFlips = 0;
  let flips = { loosened: 0, tightened: 0 };
  if (command === "diff") {
    const cs = run!.changes;
    commentParts = renderMarkdown(cs, undefined, links);
    stepSummary = fitSummary(renderMarkdown(cs, STEP_SUMMARY_BYTES / 2, links), table ? `#### Diagnostics of the head\n\n${table}` : "");
    changedTenants = cs.tenants.filter((t) => t.status !== "unchanged").map((t) => t.tenant);
    decisionFlips = cs.tenants.reduce((n, t) => n + t.flips.length, 0);
    const counts = flipCounts(cs);
    flips = { loosened: counts.loosened, tightened: counts.tightened };
    files.set("report.json", escapeJsonControls(JSON.stringify(cs, null, 2)) + "\n");
  } else {
    commentParts = [renderCheckMarkdown(command, head.diagnostics, summary, changed, undefined, links)];
    stepSummary = fitSummary([renderCheckMarkdown(command, head.diagnostics, summary, changed, SUMMARY_ROWS, links)], "");
    files.set("report.json", renderJson(head.diagnostics, summary, checked ? checked.conformance : conformanceReports(compiled!.packs)));
    if (command === "compile" && summary.errors === 0) for (const [p, text] of compiledTree(compiled!, repositorySource(root, baseDocumentsAt(root)))) files.set(`compiled/${p}`, text);
  }
  commentParts.forEach((p, i) => files.set(`comment-${i + 1}.md`, p));
  files.set("summary.md", stepSummary);
  return { kind: command, diagnostics: head.diagnostics, summary, commentParts, stepSummary, annotations, files, changedTenants, decisionFlips, flips };
}

/**
 * The failure message for `fail-on` (`error`: any error; `warning`: any error or warning;
 * `never`), or null when the step passes.
 */
export function failure(failOn: "error" | "warning" | "never", summary: Summary): string | null {
  if (failOn === "never") return null;
  if (summary.errors) return `packc found ${summary.errors} error${summary.errors === 1 ? "" : "s"}`;
  if (failOn === "warning" && summary.warnings) return `packc found ${summary.warnings} warning${summary.warnings === 1 ? "" : "s"} (fail-on: warning)`;
  return null;
}
