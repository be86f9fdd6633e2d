import type { Diagnostic } from "../diagnostics/types.js";
import type { ChangeSet, DecisionFlip, TenantChanges, ValueChange } from "../diff/changes.js";
import { escapeControls, safeSlice } from "../util/controls.js";

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

function verdict(cs: ChangeSet): string {
  const changed = cs.tenants.filter((t) => t.status !== "unchanged");
  const flips = changed.reduce((n, t) => n + t.flips.length, 0);
  const head = cs.headErrors ? `❌ the head has ${cs.headErrors} error${cs.headErrors === 1 ? "" : "s"}` : "✅ the head compiles";
  return `**packc**: ${head}; ${changed.length} tenant${changed.length === 1 ? "" : "s"} changed, ${flips} decision flip${flips === 1 ? "" : "s"}.`;
}

/** The summary: verdict, decision flips first, the affected-tenants table, unaffected count. Row counts are capped. */
function summary(cs: ChangeSet, maxRows: number): string {
  const lines = [verdict(cs), ""];
  const flips = cs.tenants.flatMap((t) => t.flips.map((f) => ({ t: t.tenant, f })));
  if (flips.length) {
    lines.push("#### Decision flips", "", "| tenant | topic / operation | before | after |", "|---|---|---|---|");
    for (const { t, f } of flips.slice(0, maxRows)) lines.push(`| ${escapeMd(t)} | ${code(f.name)} | ${side(f.old)} | **${side(f.new)}** |`);
    if (flips.length > maxRows) lines.push(`| … | ${flips.length - maxRows} more flips in the full report | | |`);
    lines.push("");
  }
  const changed = cs.tenants.filter((t) => t.status !== "unchanged");
  if (changed.length) {
    lines.push("#### Affected tenants", "", "| tenant | status | packs changed | keys changed | flips | failing simulations | new problems |", "|---|---|---:|---:|---:|---:|---:|");
    for (const t of changed.slice(0, maxRows)) {
      const problems = t.diagnostics.added.filter((d) => d.severity === "error").length;
      lines.push(`| ${escapeMd(t.tenant)} | ${t.status}${t.compiles.head ? "" : " ❌"} | ${t.packs.length} | ${t.config.length + t.domain.length + t.platform.length} | ${t.flips.length} | ${t.failingSimulations.length} | ${problems} |`);
    }
    if (changed.length > maxRows) lines.push(`| … | ${changed.length - maxRows} more tenants in the full report | | | | | |`);
    lines.push("");
  }
  const unaffected = cs.tenants.length - changed.length;
  lines.push(`${unaffected} tenant${unaffected === 1 ? "" : "s"} unaffected.`);
  if (cs.repo.added.length) lines.push("", `New repository problems: ${cs.repo.added.slice(0, 10).map(diag).join("; ")}${cs.repo.added.length > 10 ? ` (and ${cs.repo.added.length - 10} more)` : ""}`);
  return lines.join("\n");
}

/** One diagnostic in prose: code, `file:line` and the escaped message. */
export function diag(d: Diagnostic): string {
  return `${d.code} ${code(`${d.file}:${d.line}`)} ${escapeMd(d.message)}`;
}

function changeLine(c: ValueChange): string {
  return `- ${code(c.pointer || "/")}: ${value(c.old)} → ${value(c.new)}${c.setBy ? ` (set by ${code(c.setBy)})` : ""}`;
}

/** One tenant's `<details>` section; the diff is cut to `diffBudget` characters when longer. */
function section(t: TenantChanges, diffBudget: number): string {
  const lines = [`<details><summary>${escapeMd(t.tenant)}: ${t.status}, ${t.flips.length} flip${t.flips.length === 1 ? "" : "s"}, ${t.packs.length} pack change${t.packs.length === 1 ? "" : "s"}</summary>`, ""];
  for (const p of t.packs) {
    if (p.change === "changed") lines.push(`- pack ${code(p.id)} ${code(p.to ?? "")} edited in place (released versions are immutable)`);
    else lines.push(`- pack ${code(p.id)} ${p.change}${p.from ? ` from ${code(p.from)}` : ""}${p.to ? ` to ${code(p.to)}` : ""}${p.sections?.length ? ` (changed: ${p.sections.map(escapeMd).join(", ")})` : ""}`);
  }
  for (const f of t.flips) lines.push(`- ${f.kind} ${code(f.name)}: ${side(f.old)} → **${side(f.new)}**`);
  for (const d of t.failingSimulations) lines.push(`- failing simulation: ${diag(d)}`);
  for (const c of t.config.slice(0, 50)) lines.push(changeLine(c));
  for (const c of [...t.domain, ...t.platform].slice(0, 50)) lines.push(changeLine(c));
  const hidden = Math.max(0, t.config.length - 50) + Math.max(0, t.domain.length + t.platform.length - 50);
  if (hidden) lines.push(`- … ${hidden} more changed keys in the full report`);
  for (const d of t.diagnostics.added.filter((x) => !t.failingSimulations.includes(x)).slice(0, 20)) lines.push(`- new: ${diag(d)}`);
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
 * (verdict, decision flips, affected tenants, unaffected count), which always fits; then one
 * `<details>` section per changed tenant. Parts never exceed {@link COMMENT_LIMIT}: whole sections
 * spill into `part N/M` comments, and a section too large for a comment of its own has its diff
 * cut with a pointer to the step summary and the uploaded report. Every part starts with the
 * hidden marker `<!-- packc:diff part=N/M -->`. User-controlled text is escaped.
 */
export function renderMarkdown(cs: ChangeSet, limit = COMMENT_LIMIT): string[] {
  const budget = limit - SLACK;
  let head = summary(cs, 50);
  if (head.length > budget / 2) head = summary(cs, 10);
  const sections = cs.tenants.filter((t) => t.status !== "unchanged").map((t) => {
    const whole = section(t, Infinity);
    return whole.length <= budget ? whole : section(t, budget - (section(t, 0).length + 200));
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
