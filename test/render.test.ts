import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { escapeControls } from "../src/util/controls.js";
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkRehype from "remark-rehype";
import rehypeRaw from "rehype-raw";
import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import { fromHtml } from "hast-util-from-html";
import { select, selectAll } from "hast-util-select";
import { toString as textOf } from "hast-util-to-string";
import { changeSet, type ChangeSet, type TenantChanges } from "../src/diff/changes.js";
import { makeDiagnostic } from "../src/diagnostics/types.js";
import { code, COMMENT_LIMIT, escapeMd, renderMarkdown } from "../src/report/markdown.js";
import { renderCheckMarkdown } from "../src/report/markdown-diagnostics.js";
import { summarize } from "../src/report/summary.js";
import { locked } from "./fixtures/edit.js";
import { MINI, withOpenGate } from "./fixtures/mini.js";
import { compileFiles } from "./helpers.js";

// The comment is checked as github.com would show it: GFM (tables, fenced code, raw HTML such
// as <details>) and then GitHub-like sanitising (rehype-sanitize's default schema is modelled
// on GitHub's), so what renders here is what reviewers see.

const render = (markdown: string) =>
  fromHtml(
    String(unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeRaw).use(rehypeSanitize).use(rehypeStringify).processSync(markdown)),
    { fragment: true },
  );

const BASE = locked(MINI);
const FLIP = locked(withOpenGate(MINI));
const cs: ChangeSet = changeSet(compileFiles(BASE), compileFiles(FLIP), { base: "b", head: "h" });

describe("the comment as GitHub renders it", () => {
  it("shows the flips and affected tenants as tables, each tenant in a details section with a diff block", () => {
    const parts = renderMarkdown(cs);
    expect(parts).toHaveLength(1);
    const tree = render(parts[0]!);
    const tables = selectAll("table", tree);
    expect(tables).toHaveLength(2);
    const flipRow = selectAll("tbody tr", tables[0]!);
    expect(flipRow).toHaveLength(1);
    expect(textOf(flipRow[0]!).replace(/\s+/g, " ")).toMatch(/t1 job\.mini\.write REQUIRE_APPROVAL.* ALLOW/);
    const details = selectAll("details", tree);
    expect(details).toHaveLength(1);
    expect(select("summary", details[0]!)).toBeDefined();
    const diff = select("pre code.language-diff", details[0]!);
    expect(diff, "the diff fence renders as code, not literal backticks").toBeDefined();
    expect(textOf(diff!)).toContain("+++ b/");
    expect(selectAll("script, img, iframe", tree)).toHaveLength(0);
    expect(textOf(tree)).not.toContain("packc:diff");
  });

  it("keeps hostile tenant names, rules and keys as text: no element, no mention, tables intact", () => {
    const evil = "<script>alert(1)</script><img src=x onerror=y> @octocat | `x` ``` </details>";
    const t1 = cs.tenants.find((t) => t.tenant === "t1")!;
    const hostile: TenantChanges = {
      ...t1,
      tenant: evil,
      flips: t1.flips.map((f) => ({ ...f, name: evil, new: f.new && { ...f.new, rule: evil } })),
      config: [{ pointer: `/${evil}`, old: evil, new: 1, setBy: evil }],
      diff: `${t1.diff}${evil}\n`,
    };
    const parts = renderMarkdown({ ...cs, tenants: [hostile] });
    const tree = render(parts.join("\n"));
    expect(selectAll("script, img", tree)).toHaveLength(0);
    expect(selectAll("details", tree)).toHaveLength(1);
    expect(selectAll("table", tree)).toHaveLength(2);
    for (const table of selectAll("table", tree)) {
      const width = selectAll("thead th", table).length;
      for (const row of selectAll("tbody tr", table)) expect(selectAll("td", row)).toHaveLength(width);
    }
    expect(textOf(tree)).toContain("<script>alert(1)</script>");
    expect(selectAll("a", tree).filter((a) => textOf(a).includes("octocat"))).toHaveLength(0);
    // GitHub links mentions only outside code; the diff block may show the text as it is.
    const prose = parts.join("").replace(/^(`{3,})diff\n[\s\S]*?^\1$/gm, "");
    expect(prose).not.toMatch(/(^|[^&#\w])@octocat/);
    expect(prose).toContain("&#64;\u200boctocat");
  });

  it("renders Markdown an attacker writes into names, keys, values, rules, topics, paths and messages as plain text: no image, link or emphasis of theirs", () => {
    const payloads = [
      "![x](https://evil.example/p.png) [click](https://evil.example/phish)",
      "**APPROVED** _by_ ~~security~~ *team*",
      "https://evil.example/a www.evil.example/b mail@evil.example <https://evil.example/c>",
      "[ref][1]\n\n[1]: https://evil.example/ref",
      "\u001b[31mred\u001b[0m \u202eevil\u202c",
    ];
    const t1 = cs.tenants.find((t) => t.tenant === "t1")!;
    const comments = (text: string) => {
      const d = makeDiagnostic("PK110", { file: `tenants/${text}/tenant.yaml`, line: 1, column: 1, pointer: "" }, text, text);
      const hostile: TenantChanges = {
        ...t1,
        tenant: text,
        packs: [{ id: text, dialect: "cordum", change: "upgraded", from: text, to: text, sections: [text] }],
        flips: t1.flips.map((f) => ({ ...f, name: text, old: f.old && { ...f.old, rule: text }, new: f.new && { ...f.new, rule: text } })),
        config: [{ pointer: `/${text}`, old: text, new: text, setBy: text }],
        diagnostics: { added: [d], resolved: [d] },
      };
      return [renderMarkdown({ ...cs, tenants: [hostile], repo: { added: [d], resolved: [] } }).join("\n"), renderCheckMarkdown("check", [d], summarize([d], 1, 1))];
    };
    // The elements of the comment's own template, with a harmless text in every user slot.
    const shape = (markdown: string) => Object.fromEntries(["img", "a", "em", "strong", "del", "code", "table", "td"].map((tag) => [tag, selectAll(tag, render(markdown)).length]));
    const plain = comments("plain").map(shape);
    for (const evil of payloads) {
      const hostile = comments(evil);
      hostile.forEach((markdown, i) => {
        const tree = render(markdown);
        expect(shape(markdown), evil).toEqual(plain[i]);
        expect(selectAll("img, a", tree), evil).toHaveLength(0);
        expect(textOf(tree)).not.toMatch(/[\u001b\u202e]/);
        if (!/[\n\u001b]/.test(evil)) expect(textOf(tree).replace(/\u200b/g, ""), "the payload shows as the text it is").toContain(evil);
      });
    }
  });

  it("never cuts a value in the middle of a surrogate pair", () => {
    const t1 = cs.tenants.find((t) => t.tenant === "t1")!;
    const emoji = "a" + "😀".repeat(200);
    const parts = renderMarkdown({ ...cs, tenants: [{ ...t1, config: [{ pointer: "/x", old: emoji, new: "b" + emoji }], diff: "+" + "😀".repeat(40000) + "\n" }] }, 20000);
    for (const p of parts) expect(p).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });

  it("renders every part of a huge change within 65,536 characters, each tenant's diff still a code block", () => {
    const t1 = cs.tenants.find((t) => t.tenant === "t1")!;
    const many: TenantChanges[] = Array.from({ length: 40 }, (_, i) => ({ ...t1, tenant: `tenant-${i}`, diff: ("+" + "y".repeat(79) + "\n").repeat(i % 7 === 0 ? 4000 : 150) }));
    const parts = renderMarkdown({ ...cs, tenants: many });
    expect(parts.length).toBeGreaterThan(1);
    let sections = 0;
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(COMMENT_LIMIT);
      const tree = render(p);
      const details = selectAll("details", tree);
      sections += details.length;
      for (const d of details) expect(select("pre code.language-diff", d)).toBeDefined();
      expect(selectAll("script", tree)).toHaveLength(0);
    }
    expect(sections).toBe(40);
  });

  it("lists the head's problems under the verdict, and links every location to its line at the head commit under the work tree's path", () => {
    const links = { repoUrl: "https://github.com/o/r", headSha: "c".repeat(40), baseSha: "b".repeat(40), runUrl: "https://github.com/o/r/actions/runs/9", prefix: "configs/" };
    const odd = makeDiagnostic("PK110", { file: "tenants/a (b)/x y.yaml", line: 7, column: 2, pointer: "" }, "bad value", "write it right");
    const withProblems: ChangeSet = { ...cs, headErrors: 13, headProblems: [odd, ...cs.headProblems] };
    const [part] = renderMarkdown(withProblems, COMMENT_LIMIT, links);
    const tree = render(part!);
    const heading = selectAll("h4", tree).map((h) => textOf(h));
    expect(heading.slice(0, 2)).toEqual(["Problems", "Decision flips"]);
    const items = selectAll("ul", tree)[0]!;
    const first = selectAll("li", items)[0]!;
    expect(textOf(first).replace(/\u200b/g, "")).toContain("PK110 tenants/a (b)/x y.yaml:7 bad value");
    expect(textOf(first)).toContain("hint: write it right");
    expect(select("a", first)!.properties!.href).toBe(`https://github.com/o/r/blob/${"c".repeat(40)}/configs/tenants/a%20%28b%29/x%20y.yaml#L7`);
    expect(textOf(items)).toContain(`${13 - withProblems.headProblems.length} more errors`);
    const hrefs = selectAll("a", tree).map((a) => String(a.properties!.href));
    expect(hrefs).toContain(`https://github.com/o/r/commit/${"b".repeat(40)}`);
    expect(hrefs).toContain(`https://github.com/o/r/commit/${"c".repeat(40)}`);
    expect(hrefs).toContain("https://github.com/o/r/actions/runs/9");
    // Without links (the CLI), the same locations are plain code.
    const plain = render(renderMarkdown(withProblems)[0]!);
    expect(selectAll("a", plain)).toHaveLength(0);
    expect(textOf(plain).replace(/\u200b/g, "")).toContain("tenants/a (b)/x y.yaml:7");
  });

  it("ranks a loosening flip above a tightening one and marks both; the diff block has no digest and shows a fragment as YAML lines", () => {
    const t1 = cs.tenants.find((t) => t.tenant === "t1")!;
    const tight = { kind: "topic" as const, name: "job.aaa.first", old: { decision: "ALLOW", rule: "x" }, new: { decision: "DENY", rule: "y" }, direction: "tightened" as const };
    const [part] = renderMarkdown({ ...cs, tenants: [{ ...t1, tenant: "a-first", flips: [tight], diff: null }, t1] });
    const tree = render(part!);
    const rows = selectAll("tbody tr", selectAll("table", tree)[0]!).map((r) => textOf(r).replace(/\s+/g, " ").trim());
    expect(rows[0]).toMatch(/^🔓 loosens t1 job\.mini\.write REQUIRE_APPROVAL/);
    expect(rows[1]).toMatch(/^🔒 tightens a-first job\.aaa\.first ALLOW/);
    expect(selectAll("strong", tree).some((el) => textOf(el) === "loosens")).toBe(true);
    const diff = textOf(select("pre code.language-diff", tree)!);
    expect(diff).not.toMatch(/sha256|integrity/);
    // a-open's fragment is added as its own YAML lines inside a literal block.
    expect(diff).toMatch(/^\+ +content: \|/m);
    expect(diff).toMatch(/^\+ +- id: a-open-all$/m);
  });

  it("renders the check comment's diagnostics as one table row each, with escaped messages", () => {
    const at = { file: "tenants/a|b/tenant.yaml", line: 3, column: 1, pointer: "/x" };
    const diags = [makeDiagnostic("PK110", at, "bad <b>value</b> | @here"), makeDiagnostic("PK116", { ...at, line: 9 }, "unknown key", "did you mean `y`?")];
    const text = renderCheckMarkdown("check", diags, summarize(diags, 2, 1));
    const tree = render(text);
    const rows = selectAll("table tbody tr", tree);
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(selectAll("td", r)).toHaveLength(4);
    expect(textOf(rows[0]!).replace(/\u200b/g, "")).toContain("bad <b>value</b> | @here");
    expect(selectAll("b", tree)).toHaveLength(0);
    expect(text.length).toBeLessThanOrEqual(COMMENT_LIMIT);
  });
});

describe("escaping laws", () => {
  // Strings rich in what Markdown, GFM and HTML read as syntax.
  const hostile = fc.string({ unit: fc.constantFrom(..."![]()<>*_~`|\\#&@:/.-+=wh tps\n\u001b\u202e😀aZ1".split(/(?=[\s\S])/u)), maxLength: 40 });
  const shown = (s: string) => escapeControls(s.replace(/[\r\n]+/g, " "));

  test.prop([hostile], { numRuns: 300 })("any text in a table cell or inline code renders as exactly that text and nothing else", (s) => {
    const tree = render(`| a | b |\n|---|---|\n| ${escapeMd(s)} | ${code(s)} |\n`);
    const cells = selectAll("tbody td", tree);
    expect(cells).toHaveLength(2);
    expect(selectAll("img, a, em, strong, del, script", tree)).toHaveLength(0);
    expect(selectAll("code", cells[1]!)).toHaveLength(1);
    const want = shown(s).trim();
    expect(textOf(cells[0]!).replace(/\u200b/g, "").trim()).toBe(want);
    expect(textOf(cells[1]!).replace(/\u200b/g, "").trim()).toBe(want);
  });

  test.prop([fc.string({ unit: "binary", maxLength: 40 })], { numRuns: 500 })("escapeControls leaves no control character and changes nothing else", (s) => {
    const out = escapeControls(s);
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    const safe = s.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, "");
    if (safe === s) expect(out).toBe(s);
  });
});
