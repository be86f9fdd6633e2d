import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { locked } from "./fixtures/edit.js";
import { MINI, withOpenGate } from "./fixtures/mini.js";
import { MockGitHub } from "./fixtures/mock-github.js";
import { git, gitRepo, ROOT, writeTree, type Files } from "./helpers.js";
import { code } from "../src/report/markdown.js";

// These run the bundled Action (dist/action.js) as GitHub runs it: inputs as INPUT_* variables,
// the pull-request event in GITHUB_EVENT_PATH, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT files, and
// GITHUB_API_URL pointing at a local mock of the comment API.

const TENANTS = 40;
/** MINI with 40 tenants on the same packs. */
const BASE: Files = locked({
  ...MINI,
  ...Object.fromEntries(Array.from({ length: TENANTS - 1 }, (_, i) => [`tenants/t${i + 2}/tenant.yaml`, MINI["tenants/t1/tenant.yaml"]!.replace("id: t1", `id: t${i + 2}`)])),
});
/** Tenant t1 also takes a pack whose rule sorts first and allows every mini topic: job.mini.write flips to ALLOW. */
const FLIP: Files = locked(withOpenGate(BASE));
/** The flip plus a changed timeout: the comment's body changes, so a re-run updates it. */
const FLIP_AND_TIMEOUT: Files = locked({ ...FLIP, "packs/mini/1.0.0/overlays/timeouts.yaml": "topics:\n  job.mini.read:\n    timeout_seconds: 20\n" });
/** A change to every tenant's config far larger than one comment holds. */
const HUGE: Files = locked({
  ...FLIP,
  "packs/mini/1.0.0/overlays/timeouts.yaml": "topics:\n  job.mini.read:\n    timeout_seconds: 10\n  job.mini.write:\n    timeout_seconds: 10\n    notes:\n" + Array.from({ length: 400 }, (_, i) => `      - "note ${i} ${"x".repeat(60)}"\n`).join(""),
});


/** Replaces the working tree's files with `files` (deleting files no longer present), without committing. */
function checkout(dir: string, files: Files): void {
  for (const f of git(dir, "ls-files").split("\n")) if (f && !(f in files)) rmSync(join(dir, f));
  writeTree(dir, files);
}

interface Run {
  code: number;
  stdout: string;
  summary: string;
  outputs: Record<string, string>;
}

/** Parses GITHUB_OUTPUT's `name<<delimiter` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1]!] = m[3]!;
  return out;
}

describe("the bundled GitHub Action", () => {
  const api = new MockGitHub();
  let repo = "";
  let baseSha = "";
  let work = "";

  beforeAll(async () => {
    await api.start();
    repo = gitRepo(BASE);
    baseSha = git(repo, "rev-parse", "HEAD");
    work = mkdtempSync(join(tmpdir(), "packc-action-run-"));
  });
  afterAll(async () => {
    await api.stop();
  });

  let runs = 0;
  /** Runs dist/action.js with `inputs` over defaults, on pull request #7 of o/r. */
  async function action(inputs: Record<string, string> = {}, event: Record<string, unknown> = {}, extraEnv: Record<string, string> = {}): Promise<Run> {
    const n = ++runs;
    const files = { event: join(work, `event-${n}.json`), summary: join(work, `summary-${n}.md`), output: join(work, `output-${n}.txt`) };
    const pr = { number: 7, base: { sha: baseSha, repo: { full_name: "o/r" } }, head: { sha: "f".repeat(40), repo: { full_name: "o/r" } }, ...event };
    writeFileSync(files.event, JSON.stringify({ pull_request: pr, repository: { name: "r", owner: { login: "o" } } }));
    writeFileSync(files.summary, "");
    writeFileSync(files.output, "");
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("GITHUB_") && !k.startsWith("INPUT_") && !k.startsWith("RUNNER_")) env[k] = v;
    const all = { "github-token": "test-token", "out-dir": join(work, "report"), ...inputs };
    for (const [k, v] of Object.entries(all)) env[`INPUT_${k.toUpperCase()}`] = v;
    Object.assign(env, {
      GITHUB_WORKSPACE: repo,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_REPOSITORY: "o/r",
      GITHUB_API_URL: api.url,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_OUTPUT: files.output,
      GITHUB_RUN_ID: "4242",
      ...extraEnv,
    });
    const child = spawn(process.execPath, [join(ROOT, "dist/action.js")], { cwd: repo, env });
    let stdout = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
    child.stderr.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
    const code = await new Promise<number>((ok) => child.on("close", (c) => ok(c ?? -1)));
    return { code, stdout, summary: readFileSync(files.summary, "utf8"), outputs: parseOutputs(readFileSync(files.output, "utf8")) };
  }

  const writes = () => api.requests.filter((r) => r.method !== "GET");

  it("run 1 creates the comment, with the decision flip at the top, and sets the outputs", async () => {
    checkout(repo, FLIP);
    const r = await action({ "fail-on": "never" });
    expect(r.code, r.stdout).toBe(0);
    const ours = api.ours();
    expect(ours).toHaveLength(1);
    const body = ours[0]!.body;
    expect(body.indexOf(code("job.mini.write"))).toBeGreaterThan(0);
    expect(body.indexOf(code("job.mini.write"))).toBeLessThan(body.indexOf("<details>"));
    expect(body).toMatch(/REQUIRE_APPROVAL.*\*\*ALLOW/);
    expect(r.outputs["decision-flips"]).toBe("1");
    // REQUIRE_APPROVAL → ALLOW loosens control: counted, marked and ranked as such.
    expect(r.outputs["loosened-decisions"]).toBe("1");
    expect(r.outputs["tightened-decisions"]).toBe("0");
    expect(body).toContain("🔓 1 decision loosened");
    expect(body).toMatch(/\| 🔓 \*\*loosens\*\* \| t1 \|/);
    // The head's problems up front, each linked to its line at the pull request's head commit.
    const problems = body.slice(body.indexOf("#### Problems"), body.indexOf("#### Decision flips"));
    expect(problems).toMatch(/- ❌ PK505 \[<code>packs&#47;mini&#47;1&#46;0&#46;0&#47;pack&#46;yaml&#58;\d+<\/code>\]\(https:\/\/github\.com\/o\/r\/blob\/f{40}\/packs\/mini\/1\.0\.0\/pack\.yaml#L\d+\)/);
    expect(body).toContain(`base [<code>${baseSha.slice(0, 12)}</code>](https://github.com/o/r/commit/${baseSha})`);
    expect(body).toContain("[full report in the workflow run](https://github.com/o/r/actions/runs/4242)");
    expect(JSON.parse(r.outputs["changed-tenants"]!)).toEqual(["t1"]);
    expect(r.outputs["report-path"]).toBe(join(work, "report", "report.json"));
    expect(JSON.parse(readFileSync(r.outputs["report-path"]!, "utf8")).tenants).toHaveLength(TENANTS);
    expect(r.summary).toContain("#### Decision flips");
    expect(r.stdout).toMatch(/^::error file=packs\/mini\/1\.0\.0\/pack\.yaml,line=\d+,col=\d+,title=packc PK505::/m);
    expect(existsSync(join(work, "report", "packc.sarif"))).toBe(true);
  });

  it("run 2 updates the same comment in place, and fails the step on the head's errors (fail-on: error), among them the in-place edit of released mini@1.0.0", async () => {
    const before = api.ours()[0]!;
    const posted = writes().length;
    checkout(repo, FLIP_AND_TIMEOUT);
    const r = await action();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("packc found 2 errors");
    expect(r.stdout).toMatch(/^::error file=packs\/mini\/1\.0\.0\/overlays\/timeouts\.yaml,line=3,col=1,title=packc PK315::/m);
    expect(api.ours()).toHaveLength(1);
    expect(api.ours()[0]!.id).toBe(before.id);
    expect(api.ours()[0]!.body).toContain("timeout_seconds");
    expect(writes().slice(posted)).toEqual([{ method: "PATCH", path: `/repos/o/r/issues/comments/${before.id}` }]);
  });

  it("run 3, a huge change on a busy pull request, pages through the comments and spills into parts without duplicates", async () => {
    for (let i = 0; i < 150; i++) api.add(`review comment ${i}`);
    api.add("<!-- packc:diff part=1/1 --> a person pasted the marker");
    const before = api.ours()[0]!;
    checkout(repo, HUGE);
    const r = await action({ "fail-on": "never" });
    expect(r.code, r.stdout).toBe(0);
    const ours = api.ours();
    expect(ours.length).toBeGreaterThan(1);
    expect(ours[0]!.id).toBe(before.id);
    ours.forEach((c, i) => {
      expect(c.body.startsWith(`<!-- packc:diff part=${i + 1}/${ours.length} -->`)).toBe(true);
      expect(c.body.length).toBeLessThanOrEqual(65536);
    });
    expect(api.requests.some((q) => q.method === "GET" && q.path.includes("page=2"))).toBe(true);
    expect(api.comments.filter((c) => c.body.includes("a person pasted the marker"))).toHaveLength(1);
    expect(Buffer.byteLength(r.summary)).toBeLessThanOrEqual(1024 * 1024);
    expect(JSON.parse(r.outputs["changed-tenants"]!)).toHaveLength(TENANTS);
  });

  it("run 4, back to a small change, deletes the parts no longer needed and still leaves no duplicate", async () => {
    const first = api.ours()[0]!.id;
    checkout(repo, FLIP);
    const r = await action({ "fail-on": "never" });
    expect(r.code, r.stdout).toBe(0);
    expect(api.ours().map((c) => c.id)).toEqual([first]);
    expect(api.ours()[0]!.body.startsWith("<!-- packc:diff part=1/1 -->")).toBe(true);
    expect(api.comments).toHaveLength(152);
  });

  it("on a fork pull request it posts nothing, does not fail for it, and says why in the step summary", async () => {
    const calls = api.requests.length;
    const r = await action({ "fail-on": "never" }, { head: { sha: "f".repeat(40), repo: { full_name: "fork/r" } } });
    expect(r.code, r.stdout).toBe(0);
    expect(api.requests.length).toBe(calls);
    expect(r.summary).toMatch(/No pull-request comment was posted: this pull request comes from a fork/);
    expect(r.summary).toContain("#### Decision flips");
    expect(r.stdout).toMatch(/^::error /m);
  });

  it("with a read-only token (HTTP 403) it warns instead of failing", async () => {
    api.readOnly = true;
    checkout(repo, FLIP_AND_TIMEOUT);
    try {
      const r = await action({ "fail-on": "never" });
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout).toMatch(/^::warning::packc: no pull-request comment: the token may not write pull-request comments \(HTTP 403/m);
      expect(r.summary).toContain("No pull-request comment was posted");
    } finally {
      api.readOnly = false;
    }
  });

  it("runs check with a comment of its own kind, and refuses an out-dir it did not write", async () => {
    checkout(repo, BASE);
    const plain = await action({ command: "check", cache: "false" });
    const report = () => readFileSync(join(work, "report", "report.json"), "utf8");
    const reference = report();
    const r = await action({ command: "check" });
    expect(r.code, r.stdout).toBe(0);
    expect(plain.code).toBe(0);
    // With the cache (cold, then warm), the same report as without one.
    expect(report()).toBe(reference);
    expect((await action({ command: "check" })).code).toBe(0);
    expect(report()).toBe(reference);
    expect(api.ours("check")).toHaveLength(1);
    expect(api.ours("check")[0]!.body).toContain("✅ no errors");
    const foreign = join(work, "foreign");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "keep.txt"), "mine\n");
    const bad = await action({ command: "check", "out-dir": foreign });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("input out-dir");
    expect(readFileSync(join(foreign, "keep.txt"), "utf8")).toBe("mine\n");
    const wrong = await action({ command: "lint" });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('::error::packc: input command: "lint" is not one of check, compile, diff');
    expect(wrong.stdout).not.toMatch(/at .*\.js:\d+/);
  });

  it("with labels: true labels a loosening pull request, and removes the label once nothing loosens", async () => {
    checkout(repo, FLIP);
    api.labels.set(7, ["needs-review"]);
    const r = await action({ "fail-on": "never", labels: "true" });
    expect(r.code, r.stdout).toBe(0);
    expect(api.labels.get(7)).toEqual(["needs-review", "packc:loosens-policy"]);
    checkout(repo, BASE);
    expect((await action({ "fail-on": "never", labels: "true" })).code).toBe(0);
    expect(api.labels.get(7)).toEqual(["needs-review"]);
    // Without the input, labels are never touched.
    checkout(repo, FLIP);
    const calls = api.requests.filter((q) => q.path.includes("/labels")).length;
    expect((await action({ "fail-on": "never" })).code).toBe(0);
    expect(api.requests.filter((q) => q.path.includes("/labels")).length).toBe(calls);
  });

  it("with comment-on-no-change: false posts nothing when nothing changes, but updates a comment already there to say so", async () => {
    checkout(repo, BASE);
    const before = api.comments.length;
    const fresh = await action({ "comment-on-no-change": "false" }, { number: 8 });
    expect(fresh.code, fresh.stdout).toBe(0);
    expect(api.comments.length).toBe(before);
    expect(fresh.stdout).toContain("comment-on-no-change: false");
    // Pull request 7 has packc's comment from the runs above: it is updated, not left stale.
    const old = api.ours()[0]!;
    expect(old.body).toContain("1 tenant changed");
    expect((await action({ "comment-on-no-change": "false" })).code).toBe(0);
    expect(api.ours().map((c) => c.id)).toEqual([old.id]);
    expect(api.ours()[0]!.body).toContain("0 tenants changed; no decision flips");
  });

  it("with recreate: true posts the comment anew at the bottom and deletes the old one", async () => {
    checkout(repo, FLIP);
    const old = api.ours()[0]!;
    api.add("a reviewer's later comment");
    expect((await action({ "fail-on": "never", recreate: "true" })).code).toBe(0);
    const ours = api.ours();
    expect(ours).toHaveLength(1);
    expect(ours[0]!.id).toBeGreaterThan(old.id);
    expect(api.comments.at(-1)!.id).toBe(ours[0]!.id);
    expect(api.comments.some((c) => c.id === old.id)).toBe(false);
  });

  it("in a monorepo (repo-path: a directory of the work tree), annotations, SARIF and comment links carry the path from the git root", async () => {
    const mono = gitRepo(Object.fromEntries(Object.entries(BASE).map(([p, t]) => [`configs/packs-repo/${p}`, t])));
    try {
      const monoBase = git(mono, "rev-parse", "HEAD");
      writeTree(mono, Object.fromEntries(Object.entries(FLIP).map(([p, t]) => [`configs/packs-repo/${p}`, t])));
      const r = await action({ "fail-on": "never", "repo-path": "configs/packs-repo", cache: "false" }, { number: 9, base: { sha: monoBase, repo: { full_name: "o/r" } } }, { GITHUB_WORKSPACE: mono });
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout).toMatch(/^::error file=configs\/packs-repo\/packs\/mini\/1\.0\.0\/pack\.yaml,line=\d+/m);
      const sarif = JSON.parse(readFileSync(join(work, "report", "packc.sarif"), "utf8")) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
      expect(sarif.runs[0]!.results.every((x) => x.locations[0]!.physicalLocation.artifactLocation.uri.startsWith("configs/packs-repo/"))).toBe(true);
      const body = api.ours("diff", 9)[0]?.body ?? "";
      expect(body).toMatch(/\(https:\/\/github\.com\/o\/r\/blob\/f{40}\/configs\/packs-repo\/packs\/mini\/1\.0\.0\/pack\.yaml#L\d+\)/);
      // The text of a location stays the packs repository's own path, as every other report names it.
      expect(body).toContain("<code>packs&#47;mini&#47;1&#46;0&#46;0&#47;pack&#46;yaml&#58;");
    } finally {
      rmSync(mono, { recursive: true, force: true });
    }
  });
});
