import type { Diagnostic } from "../diagnostics/types.js";
import type { ChangeSet, DecisionFlip, PackChange, TenantChanges, ValueChange } from "../diff/changes.js";
import { DIRECTION_ORDER, flipCounts, type FlipDirection } from "../diff/direction.js";
import { escapeControls, safeSlice } from "../util/controls.js";
import { commitUrl, location, type CommentLinks } from "./links.js";

/** GitHub's limit on one issue comment, in characters. */
export const COMMENT_LIMIT = 65536;
/** Room kept free under the limit in every part (headers, part markers, safety). */
const SLACK = 2048;
/** The hidden marker that identifies packc's diff comments; the part number follows it. */
export const MARKER = "<!-- packc:diff";

/** The comment kinds packc posts; each has its own marker, so a check and a diff comment coexist. */
export type CommentKind = "diff" | "check" | "compile";

/** The hidden first line of part `n` of `m` of a packc comment of `kind`: `<!-- packc:KIND part=N/M -->`. */
export function marker(kind: CommentKind, n: number, m: number): string {
  return `<!-- packc:${kind} part=${n}/${m} -->`;
}

/** The kind and part number of a packc comment body, or null when it does not start with a packc marker. */
export function parseMarker(body: string): { kind: CommentKind; n: number; m: number } | null {
  const hit = /^<!-- packc:(diff|check|compile) part=(\d+)\/(\d+) -->/.exec(body);
  return hit ? { kind: hit[1] as CommentKind, n: Number(hit[2]), m: Number(hit[3]) } : null;
}

/**
 * `text` with nothing Markdown, GFM or HTML can read as syntax: line breaks become spaces,
 * control characters visible escapes ({@link escapeControls}), and every ASCII punctuation
 * character a numeric character reference (`[` → `&#91;`), which CommonMark reads as text, never
 * as syntax: no input can open a link, an image, emphasis, a table cell or an HTML tag. GFM
 * autolinks (`https://…`, `www.…`, `a@b.c`) and `@mentions` are found after references are
 * decoded, so a zero-width space (U+200B) also breaks each trigger: after `@`, between `:` and
 * `//`, and between `www` and `.`. The text renders as written, apart from that invisible space.
 */
function neutral(text: string): string {
  return escapeControls(text.replace(/[\r\n]+/g, " "))
    .replace(/@/g, "@\u200b")
    .replace(/:(?=\/)/g, ":\u200b")
    .replace(/(www)\./gi, "$1\u200b.")
    .replace(/[!-/:-@[-`{-~]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Text safe in Markdown prose and table cells (see {@link neutral}): it renders as written and nothing else. */
export function escapeMd(text: string): string {
  return neutral(text);
}

/** Inline code that no content can break out of: HTML `<code>` around {@link neutral} text. */
export function code(text: string): string {
  return `<code>${neutral(text)}</code>`;
}

/** A fenced block whose fence is longer than any backtick run in `body`. */
export function fence(lang: string, body: string): string {
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const f = "`".repeat(Math.max(3, longest + 1));
  return `${f}${lang}\n${body.replace(/\n$/, "")}\n${f}`;
}

const side = (s: DecisionFlip["old"]) => (s ? `${s.decision}${s.rule ? ` (${code(s.rule)})` : ""}` : "—");
const value = (v: unknown) => (v === undefined ? "—" : code(safeSlice(JSON.stringify(v), 120)));

/** How a flip's direction is marked wherever it is shown: loosening stands out. */
const MARK: Readonly<Record<FlipDirection, string>> = { loosened: "🔓 **loosens**", tightened: "🔒 tightens", changed: "changes" };

/** The flips of every tenant, loosened first, then tightened, then the rest (each in tenant order). */
function rankedFlips(cs: ChangeSet): { t: string; f: DecisionFlip }[] {
  const flips = cs.tenants.flatMap((t) => t.flips.map((f) => ({ t: t.tenant, f })));
  return flips.sort((a, b) => DIRECTION_ORDER[a.f.direction] - DIRECTION_ORDER[b.f.direction]);
}

/** The first 12 characters of a commit id (a ref such as "working tree" as it is). */
const short = (id: string) => (/^[0-9a-f]{40,64}$/.test(id) ? id.slice(0, 12) : id);

/** The commits compared, linked when the repository is known, and the workflow run with the full report. */
function commits(cs: ChangeSet, links?: CommentLinks): string {
  const head = links?.headSha ?? cs.head;
  const name = (id: string) => (links && /^[0-9a-f]{40,64}$/.test(id) ? `[${code(short(id))}](${commitUrl(links, id)})` : code(short(id)));
  return `base ${name(links?.baseSha ?? cs.base)} → head ${name(head)}${links?.runUrl ? ` · [full report in the workflow run](${links.runUrl})` : ""}`;
}

/** How many of the head's errors the comment lists under the verdict. */
const PROBLEMS_SHOWN = 10;

/** The head's first errors, each with its location, message and hint; the rest counted. Empty when the head has none. */
function problems(cs: ChangeSet, links?: CommentLinks): string[] {
  if (!cs.headProblems?.length) return [];
  const lines = ["#### Problems", ""];
  for (const d of cs.headProblems.slice(0, PROBLEMS_SHOWN)) lines.push(`- ❌ ${d.code} ${location(d.file, d.line, links)} ${escapeMd(d.message)}${d.hint ? `<br>hint: ${escapeMd(d.hint)}` : ""}`);
  const more = cs.headErrors - Math.min(PROBLEMS_SHOWN, cs.headProblems.length);
  if (more > 0) lines.push(`- … ${more} more error${more === 1 ? "" : "s"}: see the annotations and packc.sarif in the uploaded report`);
  lines.push("");
  return lines;
}

function verdict(cs: ChangeSet): string {
  const changed = cs.tenants.filter((t) => t.status !== "unchanged");
  const n = flipCounts(cs);
  const decisions = (k: number) => `${k} decision${k === 1 ? "" : "s"}`;
  const words = ([["loosened", "loosened"], ["tightened", "tightened"], ["changed", "changed otherwise"]] as const).filter(([k]) => n[k] > 0);
  const said = words.map(([k, word], i) => `${i === 0 ? decisions(n[k]) : n[k]} ${word}`).join(", ");
  const flips = said ? `${n.loosened ? "🔓 " : ""}${said}` : "no decision flips";
  const head = cs.headErrors ? `❌ the head has ${cs.headErrors} error${cs.headErrors === 1 ? "" : "s"}` : "✅ the head compiles";
  return `**packc**: ${head}; ${changed.length} tenant${changed.length === 1 ? "" : "s"} changed; ${flips}.`;
}

/**
 * The summary: verdict, the commits compared, the head's problems, decision flips (loosened
 * ones first), the affected-tenants table, unaffected count. Row counts are capped.
 */
function summary(cs: ChangeSet, maxRows: number, links?: CommentLinks): string {
  const lines = [verdict(cs), "", commits(cs, links), "", ...problems(cs, links)];
  const flips = rankedFlips(cs);
  if (flips.length) {
    lines.push("#### Decision flips", "", "| | tenant | topic / operation | before | after |", "|---|---|---|---|---|");
    for (const { t, f } of flips.slice(0, maxRows)) lines.push(`| ${MARK[f.direction]} | ${escapeMd(t)} | ${code(f.name)} | ${side(f.old)} | **${side(f.new)}** |`);
    if (flips.length > maxRows) lines.push(`| … | | ${flips.length - maxRows} more flips in the full report | | |`);
    lines.push("");
  }
  const changed = cs.tenants.filter((t) => t.status !== "unchanged");
  if (changed.length) {
    lines.push("#### Affected tenants", "", "| tenant | status | packs | config keys | policy rules | workflows | flips | failing simulations | new problems |", "|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (const t of changed.slice(0, maxRows)) {
      const problems = t.diagnostics.added.filter((d) => d.severity === "error").length;
      lines.push(`| ${escapeMd(t.tenant)} | ${t.status}${t.compiles.head ? "" : " ❌"} | ${t.packs.length} | ${t.config.length + t.domain.length + t.platform.length} | ${t.rules.length} | ${t.workflows.length} | ${t.flips.length} | ${t.failingSimulations.length} | ${problems} |`);
    }
    if (changed.length > maxRows) lines.push(`| … | ${changed.length - maxRows} more tenants in the full report | | | | | | | |`);
    lines.push("");
  }
  const unaffected = cs.tenants.length - changed.length;
  lines.push(`${unaffected} tenant${unaffected === 1 ? "" : "s"} unaffected.`);
  if (cs.repo.added.length) lines.push("", `New repository problems: ${cs.repo.added.slice(0, 10).map((d) => diag(d, links)).join("; ")}${cs.repo.added.length > 10 ? ` (and ${cs.repo.added.length - 10} more)` : ""}`);
  return lines.join("\n");
}

/** One diagnostic in prose: code, `file:line` (linked when `links` is known) and the escaped message. */
export function diag(d: Diagnostic, links?: CommentLinks): string {
  return `${d.code} ${location(d.file, d.line, links)} ${escapeMd(d.message)}`;
}

function changeLine(c: ValueChange): string {
  return `- ${code(c.pointer || "/")}: ${value(c.old)} → ${value(c.new)}${c.setBy ? ` (set by ${code(c.setBy)})` : ""}`;
}

/** A pack change in words: "pack X added at 1.0.0", "upgraded from 1.0.0 to 1.1.0 (changed: …)", "removed (was 1.0.0)", "1.0.0 edited in place". */
function packLine(p: PackChange): string {
  const sections = p.sections?.length ? ` (changed: ${p.sections.map(escapeMd).join(", ")})` : "";
  switch (p.change) {
    case "added":
      return `pack ${code(p.id)} added at ${code(p.to ?? "")}`;
    case "removed":
      return `pack ${code(p.id)} removed (was ${code(p.from ?? "")})`;
    case "changed":
      return `pack ${code(p.id)} ${code(p.to ?? "")} edited in place (released versions are immutable)`;
    default:
      return `pack ${code(p.id)} ${p.change} from ${code(p.from ?? "")} to ${code(p.to ?? "")}${sections}`;
  }
}

/** One tenant's `<details>` section; the diff is cut to `diffBudget` characters when longer. */
function section(t: TenantChanges, diffBudget: number, links?: CommentLinks): string {
  const lines = [`<details><summary>${escapeMd(t.tenant)}: ${t.status}, ${t.flips.length} flip${t.flips.length === 1 ? "" : "s"}, ${t.packs.length} pack change${t.packs.length === 1 ? "" : "s"}</summary>`, ""];
  for (const p of t.packs) lines.push(`- ${packLine(p)}`);
  if (t.uncomposed) lines.push(`- the ${t.uncomposed} has no config for this tenant (it does not resolve or lock there; see the problems), so the configs are not compared`);
  if (t.rules.length) lines.push(`- policy rules changed: ${t.rules.slice(0, 20).map(code).join(", ")}${t.rules.length > 20 ? ` and ${t.rules.length - 20} more` : ""}`);
  if (t.workflows.length) lines.push(`- workflows changed: ${t.workflows.slice(0, 20).map(code).join(", ")}${t.workflows.length > 20 ? ` and ${t.workflows.length - 20} more` : ""}`);
  for (const f of [...t.flips].sort((a, b) => DIRECTION_ORDER[a.direction] - DIRECTION_ORDER[b.direction])) lines.push(`- ${MARK[f.direction]} ${f.kind} ${code(f.name)}: ${side(f.old)} → **${side(f.new)}**`);
  for (const d of t.failingSimulations) lines.push(`- failing simulation: ${diag(d, links)}`);
  for (const c of t.config.slice(0, 50)) lines.push(changeLine(c));
  for (const c of [...t.domain, ...t.platform].slice(0, 50)) lines.push(changeLine(c));
  const hidden = Math.max(0, t.config.length - 50) + Math.max(0, t.domain.length + t.platform.length - 50);
  if (hidden) lines.push(`- … ${hidden} more changed keys in the full report`);
  for (const d of t.diagnostics.added.filter((x) => !t.failingSimulations.includes(x)).slice(0, 20)) lines.push(`- new: ${diag(d, links)}`);
  for (const d of t.diagnostics.resolved.slice(0, 20)) lines.push(`- resolved: ${diag(d)}`);
  if (t.diff) {
    const body = t.diff.length > diffBudget ? `${safeSlice(t.diff, diffBudget)}\n… diff truncated; the full diff is in the step summary and the uploaded report` : t.diff;
    lines.push("", fence("diff", body));
  }
  lines.push("", "</details>");
  return lines.join("\n");
}

/**
 * The pull-request comment(s) for a change set (pure). The first part starts with the summary
 * (verdict, the commits compared, the head's first problems, decision flips with loosening ones
 * first and marked, affected tenants, unaffected count), which always fits; then one
 * `<details>` section per changed tenant. Parts never exceed {@link COMMENT_LIMIT}: whole sections
 * spill into `part N/M` comments, and a section too large for a comment of its own has its diff
 * cut with a pointer to the step summary and the uploaded report. Every part starts with the
 * hidden marker `<!-- packc:diff part=N/M -->`. User-controlled text is escaped. With `links`
 * (the Action knows its repository), every `file:line` links to that line at the head commit
 * under the packs repository's path in the work tree, and the commits and the run are linked.
 */
export function renderMarkdown(cs: ChangeSet, limit = COMMENT_LIMIT, links?: CommentLinks): string[] {
  const budget = limit - SLACK;
  let head = summary(cs, 50, links);
  if (head.length > budget / 2) head = summary(cs, 10, links);
  const sections = cs.tenants.filter((t) => t.status !== "unchanged").map((t) => {
    const whole = section(t, Infinity, links);
    return whole.length <= budget ? whole : section(t, budget - (section(t, 0, links).length + 200), links);
  });
  const parts: string[][] = [[head]];
  let used = head.length;
  for (const s of sections) {
    if (used + s.length + 2 > budget) {
      parts.push([]);
      used = 0;
    }
    parts[parts.length - 1]!.push(s);
    used += s.length + 2;
  }
  return parts.map((p, i) => {
    const title = parts.length > 1 && i > 0 ? `**packc** (part ${i + 1}/${parts.length})\n\n` : "";
    return `${marker("diff", i + 1, parts.length)}\n${title}${p.join("\n\n")}\n`;
  });
}
