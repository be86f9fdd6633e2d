import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { changeSet, type ChangeSet, type TenantChanges } from "../src/diff/changes.js";
import { changedLines, resolveCommit, GitRefError } from "../src/repo/git.js";
import { code, COMMENT_LIMIT, MARKER, renderMarkdown } from "../src/report/markdown.js";
import { renderDiffText } from "../src/report/diff-text.js";
import { flipDirection } from "../src/diff/direction.js";
import { edit, lineOf, locked } from "./fixtures/edit.js";
import { MINI, withOpenGate } from "./fixtures/mini.js";
import { cli, compileFiles, git, gitRepo, ownRepo, writeTree, type Files } from "./helpers.js";

const BASE = locked(MINI);
/** A pack whose policy fragment sorts before mini's and allows every mini topic: mini's write topic flips to ALLOW. */
const OPEN_GATE: Files = locked(withOpenGate(MINI));


describe("the change set", () => {
  const cs = changeSet(compileFiles(BASE), compileFiles(OPEN_GATE), { base: "b", head: "h" });
  const t1 = cs.tenants.find((t) => t.tenant === "t1")!;

  it("shows the decision flip with the deciding rule on each side, even though the head fails its simulation", () => {
    expect(t1.flips).toContainEqual({ kind: "topic", name: "job.mini.write", old: { decision: "REQUIRE_APPROVAL", rule: "mini-write" }, new: { decision: "ALLOW", rule: "a-open-all" }, direction: "loosened" });
    expect(t1.compiles).toEqual({ base: true, head: false });
    expect(t1.failingSimulations.map((d) => d.code)).toEqual(["PK505"]);
  });

  it("lists the added pack, the rules it adds, and a unified diff of the active config as YAML without digests", () => {
    expect(t1.packs).toEqual([{ id: "a-open", dialect: "cordum", change: "added", to: "1.0.0" }]);
    expect(t1.rules).toEqual(["a-open-all"]);
    expect(t1.diff).toContain("+++ b/t1/active-config.yaml");
    expect(t1.diff).toMatch(/^\+ +rule: a-open-all$/m);
    expect(t1.diff).not.toMatch(/integrity|sha256/);
  });

  it("is empty for an unchanged repository", () => {
    const same = changeSet(compileFiles(BASE), compileFiles(BASE), { base: "b", head: "h" });
    expect(same.tenants.every((t) => t.status === "unchanged" && t.diff === null)).toBe(true);
  });
});

describe("the Markdown comment", () => {
  const cs = changeSet(compileFiles(BASE), compileFiles(OPEN_GATE), { base: "b", head: "h" });

  it("puts the decision flips at the top, before any tenant section", () => {
    const [part] = renderMarkdown(cs);
    expect(part!.startsWith(`${MARKER} part=1/1 -->`)).toBe(true);
    const flip = part!.indexOf(code("job.mini.write"));
    expect(flip).toBeGreaterThan(0);
    expect(flip).toBeLessThan(part!.indexOf("<details>"));
    expect(part).toContain("#### Decision flips");
  });

  it("escapes user text: no raw HTML, no @mention, no table breakout", () => {
    const evil: ChangeSet = { ...cs, tenants: cs.tenants.map((t) => ({ ...t, tenant: "<script>alert(1)</script>|@octocat", flips: t.flips.map((f) => ({ ...f, name: "x</code><img src=x>|@team" })) })) };
    const text = renderMarkdown(evil).join("");
    expect(text).not.toMatch(/<script|<img|@octocat|@team/);
  });

  it("never exceeds 65,536 characters: sections spill into parts and an oversized diff is cut", () => {
    const t1 = cs.tenants.find((t) => t.tenant === "t1")!;
    const huge = "+" + "x".repeat(99) + "\n";
    const many: TenantChanges[] = Array.from({ length: 40 }, (_, i) => ({ ...t1, tenant: `tenant-${i}`, diff: huge.repeat(i === 3 ? 5000 : 60) }));
    const parts = renderMarkdown({ ...cs, tenants: many });
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, p] of parts.entries()) {
      expect(p.length).toBeLessThanOrEqual(COMMENT_LIMIT);
      expect(p.startsWith(`${MARKER} part=${i + 1}/${parts.length} -->`)).toBe(true);
    }
    expect(parts[0]).toContain("#### Affected tenants");
    expect(parts.join("")).toContain("diff truncated; the full diff is in the step summary");
    const sections = parts.join("").match(/<details>/g)!.length;
    expect(sections).toBe(40);
  });

  it("fences a diff with a fence longer than any backtick run inside it", () => {
    const t1 = cs.tenants.find((t) => t.tenant === "t1")!;
    const [part] = renderMarkdown({ ...cs, tenants: [{ ...t1, diff: "+ a ```` b\n" }] });
    expect(part).toContain("`````diff\n+ a ```` b\n`````");
  });
});

describe("packc diff on a git repository", () => {
  it("compiles the base commit and the working tree, exits 1 when the head has errors, and shows the flip first", () => {
    const dir = gitRepo(BASE);
    writeTree(dir, OPEN_GATE);
    const r = cli(["diff", "--repo", dir, "--base", "HEAD", "--format", "markdown"]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout.indexOf(code("job.mini.write"))).toBeGreaterThan(0);
    expect(r.stdout.indexOf(code("job.mini.write"))).toBeLessThan(r.stdout.indexOf("<details>"));
    expect(r.stdout).toContain("REQUIRE_APPROVAL");
  });

  it("on the repository's own packs: a pack whose fragment allows incident-enricher's post topic shows acme's flip at the top", () => {
    const own = ownRepo();
    const dir = gitRepo(own);
    const head = locked({
      ...own,
      "packs/a-fast-lane/1.0.0/pack.yaml": "apiVersion: cordum.io/v1alpha1\nkind: Pack\nmetadata:\n  id: a-fast-lane\n  version: 1.0.0\ncompatibility:\n  protocolVersion: 1\noverlays:\n  policy:\n    - name: fast\n      strategy: bundle_fragment\n      path: policy.yaml\n",
      "packs/a-fast-lane/1.0.0/policy.yaml": 'version: "1"\nrules:\n  - id: fast-lane-incidents\n    match:\n      topics: ["job.incident-enricher.*"]\n    decision: allow\n    reason: "<b>ship it</b> @ops"\n',
      "tenants/acme/tenant.yaml": own["tenants/acme/tenant.yaml"]!.replace("packs:\n", "packs:\n  a-fast-lane: ^1.0.0\n"),
    });
    writeTree(dir, head);
    const r = cli(["diff", "--repo", dir, "--base", "HEAD", "--format", "markdown"]);
    expect(r.code, r.stderr).toBe(1); // incident-enricher's own approval simulation now fails in acme
    const flips = r.stdout.slice(r.stdout.indexOf("#### Decision flips"), r.stdout.indexOf("#### Affected tenants"));
    expect(flips).toContain(`| 🔓 **loosens** | acme | ${code("job.incident-enricher.post")} | REQUIRE_APPROVAL (${code("incident-enricher-require-approval-post")}) | **ALLOW (${code("fast-lane-incidents")})** |`);
    expect(r.stdout).toMatch(/\*\*packc\*\*: ❌ the head has \d+ errors?; 1 tenant changed; 🔓 1 decision loosened\./);
    // The policy fragment the pack adds is diffed as its YAML lines, not one escaped JSON string.
    expect(r.stdout).toMatch(/^\+ +- id: fast-lane-incidents$/m);
    expect(r.stdout.indexOf(code("job.incident-enricher.post"))).toBeLessThan(r.stdout.indexOf("<details>"));
    const prose = r.stdout.replace(/^(`{3,})diff\n[\s\S]*?^\1$/gm, "");
    expect(prose).not.toMatch(/<b>|@ops/);
    const shown = prose.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/\u200b/g, "");
    expect(shown).toMatch(/- failing simulation: PK505 .*require_approval_post.*shadowed by rule "fast-lane-incidents"/);
  });

  it("works on a packs repository in a subdirectory of the git work tree (a monorepo)", () => {
    const mono = gitRepo({ "README.md": "monorepo\n", ...Object.fromEntries(Object.entries(BASE).map(([p, t]) => [`config-repo/${p}`, t])) });
    writeTree(join(mono, "config-repo"), OPEN_GATE);
    writeFileSync(join(mono, "config-repo/tenants/t1/tenant.yaml"), OPEN_GATE["tenants/t1/tenant.yaml"]! + "bogusKey: 1\n");
    const r = cli(["diff", "--repo", join(mono, "config-repo"), "--base", "HEAD", "--format", "json"]);
    const cs = JSON.parse(r.stdout) as ChangeSet;
    expect(cs.tenants.map((t) => [t.tenant, t.status])).toEqual([["t1", "changed"]]);
    expect(cs.tenants[0]!.packs.map((p) => `${p.id} ${p.change}`)).toEqual(["a-open added"]);
    const annotations = cli(["diff", "--repo", join(mono, "config-repo"), "--base", "HEAD", "--format", "github"]).stdout;
    // Annotations name the file from the top of the work tree, where GitHub finds it.
    expect(annotations.split("\n")[0]).toMatch(/^::error file=config-repo\/tenants\/t1\/tenant\.yaml,line=\d+,.*PK111/);
    const sarif = JSON.parse(cli(["check", "--repo", join(mono, "config-repo"), "--format", "sarif"]).stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(sarif.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri)).toContain("config-repo/tenants/t1/tenant.yaml");
  });

  it("reads --head by commit id too, and exits 0 when the head compiles", () => {
    const dir = gitRepo(BASE);
    writeFileSync(join(dir, "packs/mini/1.0.0/README.md"), "x\n");
    const r = cli(["diff", "--repo", dir, "--base", "HEAD", "--head", "HEAD", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as ChangeSet).tenants.every((t) => t.status === "unchanged")).toBe(true);
  });

  it("rejects a ref that looks like an option, and writes nothing", () => {
    const dir = gitRepo(BASE);
    const r = cli(["diff", "--repo", dir, "--base", "--output=x"]);
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, "x"))).toBe(false);
    expect(() => resolveCommit(dir, "--output=y")).toThrow(GitRefError);
    expect(existsSync(join(dir, "y"))).toBe(false);
  });

  it("annotates (--format github) the head's errors on changed lines before older errors elsewhere", () => {
    // The base already has an unknown key near the top of the tenant file; the head adds another at the end.
    const base = locked(edit(BASE, "tenants/t1/tenant.yaml", "packs:\n", "bogusOldKey: 1\npacks:\n"));
    const dir = gitRepo(base);
    const tenant = base["tenants/t1/tenant.yaml"]! + "bogusNewKey: 2\n";
    writeFileSync(join(dir, "tenants/t1/tenant.yaml"), tenant);
    const r = cli(["diff", "--repo", dir, "--base", "HEAD", "--format", "github"]);
    expect(r.code, r.stderr).toBe(1);
    const errors = r.stdout.split("\n").filter((l) => l.startsWith("::error"));
    expect(errors, r.stdout).toHaveLength(2);
    expect(errors[0]).toContain(`line=${lineOf(tenant, "bogusNewKey")},`);
    expect(errors[1]).toContain(`line=${lineOf(tenant, "bogusOldKey")},`);
    expect(cli(["check", "--repo", dir, "--format", "github"]).stdout.split("\n")[0]).toContain(`line=${lineOf(tenant, "bogusOldKey")},`);
    const sarif = JSON.parse(cli(["diff", "--repo", dir, "--base", "HEAD", "--format", "sarif"]).stdout) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]!.results.length).toBe(errors.length);
  });

  it("finds the changed lines of a change: modified, added, deletion-only and oddly named files", () => {
    const dir = gitRepo({ "a.txt": "1\n2\n3\n4\n", "gone.txt": "x\n", "d.txt": "1\n2\n3\n" });
    const before = git(dir, "rev-parse", "HEAD");
    writeFileSync(join(dir, "a.txt"), "1\ntwo\n3\n4\nfive\nsix\n");
    writeFileSync(join(dir, "d.txt"), "1\n3\n");
    writeFileSync(join(dir, 'we"ird\tname.txt'), "a\nb\n");
    execFileSync("git", ["-C", dir, "rm", "-q", "gone.txt"]);
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "change");
    const after = git(dir, "rev-parse", "HEAD");
    const lines = changedLines(dir, before, after);
    expect(lines.get("a.txt")).toEqual([[2, 2], [5, 6]]);
    expect(lines.get("d.txt")).toEqual([]);
    expect(lines.get('we"ird\tname.txt')).toEqual([[1, 2]]);
    expect(lines.has("gone.txt")).toBe(false);
    writeFileSync(join(dir, "a.txt"), "0\n1\ntwo\n3\n4\nfive\nsix\n");
    expect(changedLines(dir, after, null).get("a.txt")).toEqual([[1, 1]]);
  });

  it("says what to fetch when the base commit is missing from a shallow clone", () => {
    const origin = gitRepo(BASE);
    const first = git(origin, "rev-parse", "HEAD");
    writeFileSync(join(origin, "packs/mini/1.0.0/README.md"), "x\n");
    git(origin, "add", "-A");
    git(origin, "commit", "-qm", "second");
    const clone = join(mkdtempSync(join(tmpdir(), "packc-shallow-")), "c");
    execFileSync("git", ["clone", "-q", "--depth", "1", `file://${origin}`, clone]);
    const r = cli(["diff", "--repo", clone, "--base", first]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("shallow clone");
    expect(r.stderr).toContain(`git fetch --no-tags --depth=1 origin ${first}`);
  });
});

describe("decision flips by direction", () => {
  const side = (decision: string) => ({ decision, rule: "r" });
  it("calls less control loosened, more tightened, and a missing side or an unknown decision changed", () => {
    const cases: [string | null, string | null, string][] = [
      ["DENY", "ALLOW", "loosened"],
      ["REQUIRE_APPROVAL", "ALLOW", "loosened"],
      ["HOLD", "ALLOW", "loosened"],
      ["DENY", "REQUIRE_APPROVAL", "loosened"],
      ["THROTTLE", "ALLOW", "loosened"],
      ["ALLOW_WITH_CONSTRAINTS", "ALLOW", "loosened"],
      ["ALLOW", "DENY", "tightened"],
      ["ALLOW", "THROTTLE", "tightened"],
      ["REQUIRE_APPROVAL", "HOLD", "tightened"],
      [null, "ALLOW", "changed"],
      ["DENY", null, "changed"],
      ["DENY", "SOMETHING_NEW", "changed"],
    ];
    for (const [a, b, want] of cases) expect(flipDirection(a === null ? null : side(a), b === null ? null : side(b)), `${a} → ${b}`).toBe(want);
  });

  it("ranks loosened flips first in the comment, marks both kinds, and counts them in the verdict", () => {
    const base = changeSet(compileFiles(BASE), compileFiles(OPEN_GATE), { base: "b", head: "h" });
    const t1 = base.tenants.find((t) => t.tenant === "t1")!;
    const tight = { kind: "topic" as const, name: "job.aaa.first", old: side("ALLOW"), new: side("DENY"), direction: "tightened" as const };
    const cs: ChangeSet = { ...base, tenants: [{ ...t1, tenant: "a-first", flips: [tight] }, t1] };
    const [part] = renderMarkdown(cs);
    const table = part!.slice(part!.indexOf("#### Decision flips"), part!.indexOf("#### Affected tenants"));
    const rows = table.split("\n").filter((l) => l.startsWith("| 🔓") || l.startsWith("| 🔒"));
    expect(rows.map((r) => r.slice(0, 4))).toEqual(["| 🔓", "| 🔒"]);
    expect(part).toContain("🔓 1 decision loosened, 1 tightened.");
    expect(renderDiffText(cs)).toContain("2 decision flip(s) (1 loosened, 1 tightened)");
    expect(renderDiffText(cs)).toContain("FLIP (LOOSENS) topic job.mini.write");
  });
});

describe("the per-tenant diff a reviewer reads", () => {
  const own = ownRepo();
  const acme = own["tenants/acme/tenant.yaml"]!;
  const diffOf = (edited: string) => {
    expect(edited.split("\n").filter((l, i) => l !== acme.split("\n")[i])).toHaveLength(2);
    const dir = gitRepo(own);
    writeTree(dir, { "tenants/acme/tenant.yaml": edited });
    const cs = JSON.parse(cli(["diff", "--repo", dir, "--base", "HEAD", "--format", "json"]).stdout) as ChangeSet;
    return { t: cs.tenants.find((x) => x.tenant === "acme")!, markdown: cli(["diff", "--repo", dir, "--base", "HEAD", "--format", "markdown"]).stdout };
  };

  it("stays within 40 lines for a two-line tenant.yaml change of the repository's own packs, without digests", () => {
    const { t } = diffOf(acme.replace(/^status: ACTIVE$/m, "status: SUSPENDED").replace(/^description: .*$/m, "description: Paused while the runbook is rewritten."));
    expect(t.status).toBe("changed");
    expect(t.diff!.split("\n").length, t.diff!).toBeLessThanOrEqual(40);
    expect(t.diff).toMatch(/^\+ +status: SUSPENDED$/m);
    expect(t.diff).not.toMatch(/sha256|integrity/);
  });

  it("does not show a whole config as removed when a two-line change leaves the tenant unable to lock: it says why instead", () => {
    // A newer range the lockfile does not pin: the head fails to lock (PK3xx), so it composes no config.
    const { t, markdown } = diffOf(acme.replace("ticket-triage: ~1.0.0", "ticket-triage: ~1.1.0").replace(/^description: .*$/m, "description: Triage 1.1."));
    expect(t.uncomposed).toBe("head");
    expect([t.diff, t.config, t.rules, t.workflows]).toEqual([null, [], [], []]);
    expect(t.diagnostics.added.some((d) => d.severity === "error")).toBe(true);
    expect(markdown).toContain("the head has no config for this tenant");
    expect(markdown).toContain("#### Problems");
  });
});

describe("packc diff --out-dir", () => {
  it("writes the comment's parts as files beside stdout's report, and refuses a directory packc did not write", () => {
    const dir = gitRepo(BASE);
    writeTree(dir, OPEN_GATE);
    const r = cli(["diff", "--repo", dir, "--base", "HEAD", "--format", "markdown", "--out-dir", "comment"]);
    expect(r.code, r.stderr).toBe(1);
    expect(readFileSync(join(dir, "comment/comment-1.md"), "utf8")).toBe(r.stdout);
    expect(existsSync(join(dir, "comment/comment-2.md"))).toBe(false);
    expect(r.stderr).toContain("wrote 1 comment part to comment");
    // Again: the directory is packc's, so it is replaced.
    expect(cli(["diff", "--repo", dir, "--base", "HEAD", "--format", "markdown", "--out-dir", "comment"]).code).toBe(1);
    mkdirSync(join(dir, "notes"));
    writeFileSync(join(dir, "notes/mine.md"), "mine\n");
    const refused = cli(["diff", "--repo", dir, "--base", "HEAD", "--format", "markdown", "--out-dir", "notes"]);
    expect(refused.code).toBe(2);
    expect(readFileSync(join(dir, "notes/mine.md"), "utf8")).toBe("mine\n");
    const wrongFormat = cli(["diff", "--repo", dir, "--base", "HEAD", "--format", "json", "--out-dir", "comment"]);
    expect(wrongFormat.code).toBe(2);
    expect(wrongFormat.stderr).toContain("use it with --format markdown");
  });
});
