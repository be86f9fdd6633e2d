// The GitHub Action's entry point (action.yml → dist/action.js). All I/O with GitHub is here:
// inputs, the event, the comment API, the step summary, outputs and the exit status.
import * as core from "@actions/core";
import * as github from "@actions/github";
import { resolve } from "node:path";
import type { ChangedLines } from "../diagnostics/types.js";
import { environmentProblem } from "../cli/exit.js";
import { withSignalsDeferred } from "../emit/signals.js";
import { OutputBusyError } from "../emit/write.js";
import { OutputRefusedError } from "../emit/out-guard.js";
import { changedLines, fetchCommit, GitRefError, resolveCommit, workTreePrefix } from "../repo/git.js";
import { findRepoRoot, NoRepositoryError } from "../repo/root.js";
import { PACKC_VERSION } from "../version.js";
import { syncComments, type CommentApi } from "./comment.js";
import { syncLabels, type LabelApi } from "./labels.js";
import type { CommentLinks } from "../report/links.js";
import { InputError, readInputs, type ActionInputs } from "./inputs.js";
import { writeReportDir } from "./out-dir.js";
import { buildReport, failure, type ActionReport } from "./report.js";
import { DEFAULT_CACHE, openCache } from "../cache/open.js";
import { baseDocumentsAt } from "../load/repo.js";
import { sourceMappedStack } from "../util/stack-map.js";

/** The pull request of the triggering event, or undefined (push, schedule, …). */
type PullRequest = NonNullable<typeof github.context.payload.pull_request>;

/**
 * Resolves the base to a commit id; in a shallow clone that lacks it, fetches it once by sha
 * (`actions/checkout` fetches one commit by default). Returns null, with a warning, when the base
 * is optional (check, compile); throws GitRefError for diff.
 */
function resolveBase(root: string, ref: string, required: boolean): string | null {
  try {
    return resolveCommit(root, ref);
  } catch (e) {
    if (!(e instanceof GitRefError)) throw e;
    if (fetchCommit(root, ref)) {
      core.info(`packc: fetched the base commit ${ref}`);
      return resolveCommit(root, ref);
    }
    if (required) throw e;
    core.warning(`packc: ${e.message}; diagnostics are not ranked by changed lines`);
    return null;
  }
}

/** Why no comment can be posted for this run, or null when one can. */
function noCommentReason(inputs: ActionInputs, pr: PullRequest | undefined): string | null {
  if (!inputs.comment) return "the comment input is false";
  if (!pr) return `this is a ${github.context.eventName || "non-pull-request"} event, not a pull request`;
  const headRepo = pr.head?.repo as { full_name?: string } | null | undefined;
  const baseRepo = pr.base?.repo as { full_name?: string } | undefined;
  const fork = headRepo === null || (headRepo?.full_name !== undefined && headRepo.full_name !== baseRepo?.full_name);
  if (fork && github.context.eventName === "pull_request") return "this pull request comes from a fork, and GitHub gives fork pull requests a read-only token";
  if (!inputs.githubToken) return "no github-token was given";
  return null;
}

function commentApi(token: string, issue: number): CommentApi {
  const octokit = github.getOctokit(token);
  const { owner, repo } = github.context.repo;
  return {
    list: () => octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: issue, per_page: 100 }),
    create: async (body) => void (await octokit.rest.issues.createComment({ owner, repo, issue_number: issue, body })),
    update: async (id, body) => void (await octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body })),
    remove: async (id) => void (await octokit.rest.issues.deleteComment({ owner, repo, comment_id: id })),
  };
}

function labelApi(token: string, issue: number): LabelApi {
  const octokit = github.getOctokit(token);
  const { owner, repo } = github.context.repo;
  return {
    list: async () => (await octokit.paginate(octokit.rest.issues.listLabelsOnIssue, { owner, repo, issue_number: issue, per_page: 100 })).map((l) => l.name),
    add: async (labels) => void (await octokit.rest.issues.addLabels({ owner, repo, issue_number: issue, labels })),
    remove: async (name) => void (await octokit.rest.issues.removeLabel({ owner, repo, issue_number: issue, name })),
  };
}

/** Sets packc's policy labels from the diff's flips (`labels: true`); warns instead of failing when the API refuses. */
async function labels(inputs: ActionInputs, report: ActionReport): Promise<void> {
  const pr = github.context.payload.pull_request;
  if (!inputs.labels || report.kind !== "diff") return;
  const reason = noCommentReason({ ...inputs, comment: true }, pr);
  if (reason) {
    core.info(`packc: no labels: ${reason}`);
    return;
  }
  try {
    const r = await syncLabels(labelApi(inputs.githubToken, pr!.number), report.flips);
    core.info(`packc: labels: ${r.added.length ? `added ${r.added.join(", ")}` : "none added"}${r.removed.length ? `, removed ${r.removed.join(", ")}` : ""}`);
  } catch (e) {
    const status = (e as { status?: number }).status;
    core.warning(`packc: could not set the pull request's labels (${status ? `HTTP ${status}; the workflow may lack \`permissions: pull-requests: write\`` : e instanceof Error ? e.message : String(e)})`);
  }
}

/** Posts or updates the comment; returns a sentence for the step summary when none was posted. */
async function comment(inputs: ActionInputs, report: ActionReport): Promise<string | null> {
  const pr = github.context.payload.pull_request;
  const reason = noCommentReason(inputs, pr);
  if (reason) {
    core.info(`packc: no pull-request comment: ${reason}; the report is in the step summary`);
    return inputs.comment ? `No pull-request comment was posted: ${reason}. The report is below and in the annotations.` : null;
  }
  // Nothing to review: no tenant changes and the head has no error.
  const quiet = report.kind === "diff" && report.changedTenants.length === 0 && report.summary.errors === 0;
  try {
    const r = await syncComments(commentApi(inputs.githubToken, pr!.number), report.kind, report.commentParts, { onlyUpdate: quiet && !inputs.commentOnNoChange, recreate: inputs.recreate });
    if (r.skipped) {
      core.info("packc: no pull-request comment: nothing changes and the head has no error (comment-on-no-change: false)");
      return null;
    }
    core.info(`packc: pull-request comment: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.deleted} deleted`);
    return null;
  } catch (e) {
    const status = (e as { status?: number }).status;
    const why =
      status === 403 || status === 404
        ? `the token may not write pull-request comments (HTTP ${status}; a fork pull request, or the workflow lacks \`permissions: pull-requests: write\`)`
        : `the GitHub API failed (${e instanceof Error ? e.message : String(e)})`;
    core.warning(`packc: no pull-request comment: ${why}; the report is in the step summary`);
    return `No pull-request comment was posted: ${why}. The report is below and in the annotations.`;
  }
}

/**
 * Where the comment links: this repository on its GitHub server, the pull request's head commit
 * (the commit it shows files at; the checked-out commit outside pull requests), the base, this
 * workflow run, and the packs repository's path in the work tree.
 */
function links(root: string, baseId: string | null): CommentLinks {
  const { serverUrl, runId } = github.context;
  const { owner, repo } = github.context.repo;
  const repoUrl = `${serverUrl.replace(/\/+$/, "")}/${owner}/${repo}`;
  const head = github.context.payload.pull_request?.head?.sha as string | undefined;
  return {
    repoUrl,
    headSha: head || github.context.sha || "HEAD",
    ...(baseId ? { baseSha: baseId } : {}),
    ...(Number.isFinite(runId) && runId > 0 ? { runUrl: `${repoUrl}/actions/runs/${runId}` } : {}),
    prefix: workTreePrefix(root),
  };
}

async function run(): Promise<void> {
  const inputs = readInputs((name) => core.getInput(name));
  const workspace = process.env["GITHUB_WORKSPACE"] || process.cwd();
  let root: string;
  try {
    root = findRepoRoot(resolve(workspace, inputs.repoPath), workspace);
  } catch (e) {
    if (e instanceof NoRepositoryError) throw new InputError(`input repo-path: ${e.message.replace(/; run packc.*$/, "")}`);
    throw e;
  }
  if (root !== resolve(workspace, inputs.repoPath)) core.info(`packc: using the packs repository at ${root}`);
  const pr = github.context.payload.pull_request;
  const baseRef = inputs.baseRef || (pr?.base?.sha as string | undefined) || "";
  if (inputs.command === "diff" && !baseRef) throw new InputError("input base-ref: required when the event is not a pull request (there is no pull-request base to compare with)");
  const baseId = baseRef ? resolveBase(root, baseRef, inputs.command === "diff") : null;
  const changed: ChangedLines = baseId ? changedLines(root, baseId, null) : new Map();

  // The cache serves diff: a named directory packc may not write is an input error; the default is then skipped with a warning.
  let cache: ReturnType<typeof openCache> = null;
  if (inputs.command === "diff") {
    try {
      cache = openCache(inputs.cache === DEFAULT_CACHE ? undefined : inputs.cache, root, baseDocumentsAt(root), (m) => core.warning(`packc: ${m}`));
    } catch (e) {
      if (e instanceof OutputRefusedError) throw new InputError(`input cache: ${e.message}`);
      throw e;
    }
  }
  const report = buildReport(inputs.command, root, baseId, changed, cache?.store, links(root, baseId));
  const unsaved = cache?.store.save();
  if (unsaved) core.warning(`packc: ${unsaved}`);
  const outDir = resolve(workspace, inputs.outDir);
  await withSignalsDeferred(() => writeReportDir(outDir, root, report.files));
  const note = await comment(inputs, report);
  await labels(inputs, report);
  process.stdout.write(report.annotations);
  if (process.env["GITHUB_STEP_SUMMARY"]) await core.summary.addRaw(note ? `> ${note}\n\n${report.stepSummary}` : report.stepSummary).write();
  core.setOutput("changed-tenants", JSON.stringify(report.changedTenants));
  core.setOutput("decision-flips", String(report.decisionFlips));
  core.setOutput("loosened-decisions", String(report.flips.loosened));
  core.setOutput("tightened-decisions", String(report.flips.tightened));
  core.setOutput("report-path", resolve(outDir, "report.json"));
  core.info(`packc ${PACKC_VERSION}: ${report.summary.errors} errors, ${report.summary.warnings} warnings; report in ${outDir}`);
  const failed = failure(inputs.failOn, report.summary);
  if (failed) core.setFailed(failed);
}

run().catch((e: unknown) => {
  const environment = environmentProblem(e);
  if (e instanceof InputError || e instanceof GitRefError || e instanceof OutputBusyError) core.setFailed(`packc: ${e.message}`);
  else if (environment) core.setFailed(`packc: ${environment}`);
  else core.setFailed(`packc: internal error (a bug in packc ${PACKC_VERSION}, not in your input): ${e instanceof Error ? sourceMappedStack(e.stack ?? e.message) : String(e)}`);
});
