import { describe, expect, it } from "vitest";
import { locked } from "./fixtures/edit.js";
import { MINI } from "./fixtures/mini.js";
import { FINALVERSE, PLATFORM } from "./fixtures/platform.js";
import { compileFiles, withCode, type Files } from "./helpers.js";
import { renderText } from "../src/report/text.js";
import { renderJson } from "../src/report/json.js";
import { renderDiffText } from "../src/report/diff-text.js";
import { summarize } from "../src/report/summary.js";
import { changeSet } from "../src/diff/changes.js";

// Hostile inputs far under the 1 MiB file cap that used to take seconds to minutes: each must
// now finish in seconds (a generous bound for a slow CI machine, not a benchmark) with positioned
// diagnostics.

const GOOD = locked(MINI);
const PACK = "packs/mini/1.0.0/pack.yaml";
const FLOW = "packs/mini/1.0.0/workflows/flow.yaml";
const POLICY = "packs/mini/1.0.0/overlays/policy.yaml";
const POOLS = "packs/mini/1.0.0/overlays/pools.yaml";
const MANIFEST = "packs/p.base/1.0.0/pack.manifest.json";
const BOUND_MS = 5000;

const keys = (n: number, prefix: string, indent: string) => Array.from({ length: n }, (_, i) => `${indent}${prefix}${i}: 1`).join("\n") + "\n";

const slow: [string, () => Files, string][] = [
  ["a policy rule with 40,000 unknown keys (quadratic duplicate check and pointer lookup per diagnostic)", () => ({ ...GOOD, [POLICY]: GOOD[POLICY]!.replace("    decision: require_approval\n", "    decision: require_approval\n" + keys(40_000, "dd", "    ")) }), "PK111"],
  ["a pools overlay with 40,000 topic keys", () => ({ ...GOOD, [POOLS]: GOOD[POOLS]! + Array.from({ length: 40_000 }, (_, i) => `  job.mini.t${i}: mini\n`).join("") }), ""],
  ["a step topic of 30,000 characters next to a declared topic of 30,000 (did-you-mean over 9·10⁸ cells)", () => {
    const declared = "job.mini." + "a".repeat(30_000);
    const used = "job.mini." + "b".repeat(30_000);
    return { ...GOOD, [PACK]: GOOD[PACK]!.replace("  - name: job.mini.write", `  - name: "${declared}"\n    capability: x\n  - name: job.mini.write`), [FLOW]: GOOD[FLOW]!.replace("topic: job.mini.write", `topic: "${used}"`) };
  }, "PK210"],
  ["a 60-byte topic glob of many stars in a policy rule, against a declared topic of 40 letters (backtracking RegExp)", () => locked({
    ...edit1(MINI, POLICY, "topics: [job.mini.write]", `topics: [job.mini.write, "job.mini.${"*a".repeat(26)}*b"]`),
    [PACK]: MINI[PACK]!.replace("  - name: job.mini.write", `  - name: job.mini.${"a".repeat(40)}\n    capability: mini.long\n  - name: job.mini.write`),
  }), "PK403"],
  ["a Portarium asset glob of 65,537 characters (the glob library threw)", () => edit1(GOOD, MANIFEST, '"schema/ext.json"', JSON.stringify("schema/" + "*a".repeat(32_765) + ".json")), "PK110"],
  ["a Portarium asset glob of many stars (ReDoS in the glob library)", () => edit1(GOOD, MANIFEST, '"schema/ext.json"', JSON.stringify("*a".repeat(12) + "*b.json")), "PK244"],
];

function edit1(files: Files, file: string, from: string, to: string): Files {
  expect(files[file]!.includes(from)).toBe(true);
  return { ...files, [file]: files[file]!.replace(from, to) };
}

describe("algorithmic complexity from small files", () => {
  it.each(slow)("%s finishes in seconds", (_name, files, code) => {
    const input = files();
    for (const text of Object.values(input)) expect(text.length).toBeLessThan(1024 * 1024);
    const started = performance.now();
    const r = compileFiles(input);
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
    if (code) expect(r.diagnostics.some((d) => d.code.startsWith(code)), JSON.stringify(r.diagnostics.slice(0, 3))).toBe(true);
    for (const d of r.diagnostics) expect(d.line).toBeGreaterThan(0);
  });

  it("a step topic glob with many stars still matches as Go does", () => {
    const files = locked(edit1(MINI, POLICY, "topics: [job.mini.write]", `topics: ["job.mini.${"*r".repeat(3)}*e"]`));
    const r = compileFiles(files);
    const decisions = (r.tenants[0]!.activeConfig!.policy as { decisions: { topic: string; decision: string }[] }).decisions;
    expect(decisions.find((d) => d.topic === "job.mini.write")?.decision).toBe("ALLOW");
    expect(decisions.find((d) => d.topic === "job.mini.read")?.decision).toBe("ALLOW");
  });
});

describe("non-finite numbers (compile and diff crashed with exit 3)", () => {
  it.each([
    ["YAML .inf", "timeout_seconds: .inf"],
    ["YAML -.Inf", "timeout_seconds: -.Inf"],
    ["YAML .nan", "timeout_seconds: .NaN"],
    ["YAML 1e999", "timeout_seconds: 1e999"],
  ])("%s is PK118 at its line, and the file's value is dropped", (_name, line) => {
    const r = compileFiles(edit1(GOOD, "packs/mini/1.0.0/overlays/timeouts.yaml", "timeout_seconds: 10", line));
    expect(withCode(r, "PK118").map((d) => `${d.file}:${d.line}:${d.pointer}`)).toEqual(["packs/mini/1.0.0/overlays/timeouts.yaml:3:/topics/job.mini.read/timeout_seconds"]);
    expect(r.tenants[0]!.activeConfig).toBeNull();
  });

  it("JSON 1e999 and TOML inf are PK118 too", () => {
    const json = compileFiles(edit1(GOOD, MANIFEST, '"manifestVersion": 1', '"manifestVersion": 1e999'));
    expect(withCode(json, "PK118").map((d) => d.line)).toEqual([2]);
    const toml = compileFiles(edit1(PLATFORM, FINALVERSE, "attention_exhaustion_threshold = 0.8", "attention_exhaustion_threshold = inf"));
    const at = PLATFORM[FINALVERSE]!.split("\n").findIndex((l) => l.includes("attention_exhaustion_threshold")) + 1;
    expect(withCode(toml, "PK118").map((d) => `${d.file}:${d.line}`)).toEqual([`${FINALVERSE}:${at}`]);
  });
});

describe("control characters in text output (a key could print a line a CI runner executes)", () => {
  const hostile = "x\n::error title=pwned::owned\u001b[2J\u009b31m\u2028\u202e";
  const r = compileFiles(edit1(GOOD, "tenants/t1/tenant.yaml", '  p.base: "*"\n', `  p.base: "*"\n  ${JSON.stringify(hostile)}: "*"\n`));

  it("the text report keeps every diagnostic on one line, with the controls as visible escapes", () => {
    expect(withCode(r, "PK305")).toHaveLength(1);
    const text = renderText(r.diagnostics, summarize(r.diagnostics, 2, 1));
    for (const line of text.split("\n")) expect(line.trimStart().startsWith("::")).toBe(false);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain("x\\n::error title=pwned::owned\\u001b[2J\\u009b31m\\u2028\\u202e");
  });

  it("the JSON report writes them as \\u escapes and still parses to the same text", () => {
    const json = renderJson(r.diagnostics, summarize(r.diagnostics, 2, 1));
    expect(json).not.toMatch(/[\u007f-\u009f\u2028\u202e]/);
    expect(JSON.parse(json).diagnostics.find((d: { code: string }) => d.code === "PK305").message).toContain(hostile);
  });

  it("the diff text does too", () => {
    const base = compileFiles(GOOD);
    const text = renderDiffText(changeSet(base, r, { base: "b", head: "h" }));
    for (const line of text.split("\n")) expect(line.trimStart().startsWith("::")).toBe(false);
    expect(text).not.toMatch(/[\u001b\u009b\u2028\u202e]/);
  });
});
