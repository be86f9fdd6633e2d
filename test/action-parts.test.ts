import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InputError, readInputs } from "../src/action/inputs.js";
import { OWNER_FILE, writeReportDir } from "../src/action/out-dir.js";
import { failure } from "../src/action/report.js";
import { tempRepo } from "./helpers.js";

const inputs = (values: Record<string, string>) => readInputs((name) => values[name] ?? "");

describe("the Action's inputs", () => {
  it("accept any case for choices and the YAML spellings of booleans", () => {
    expect(inputs({ command: "Check", "fail-on": "WARNING", comment: "False" })).toMatchObject({ command: "check", failOn: "warning", comment: false });
  });

  it.each([
    [{ command: "lint" }, 'input command: "lint" is not one of check, compile, diff'],
    [{ "fail-on": "always" }, 'input fail-on: "always" is not one of error, warning, never'],
    [{ comment: "yes" }, 'input comment: "yes" is not true or false'],
  ])("reject %j with a message naming the input and its values", (values, message) => {
    expect(() => inputs(values)).toThrow(new InputError(message));
  });
});

describe("fail-on", () => {
  const s = (errors: number, warnings: number) => ({ errors, warnings, packs: 1, tenants: 1 });
  it.each([
    ["error", s(1, 0), "packc found 1 error"],
    ["error", s(0, 3), null],
    ["warning", s(0, 3), "packc found 3 warnings (fail-on: warning)"],
    ["warning", s(0, 0), null],
    ["never", s(5, 5), null],
  ] as const)("%s with %j fails with %j", (on, summary, want) => {
    expect(failure(on, summary)).toBe(want);
  });
});

describe("the report directory", () => {
  it("is replaced whole when packc wrote it, and refused when it holds the repository, its sources or someone's files", () => {
    const root = tempRepo({ "packs/x/1.0.0/pack.yaml": "x\n", "notes/keep.txt": "mine\n" });
    const out = join(root, "packc-report");
    writeReportDir(out, root, new Map([["a.txt", "1"], ["sub/b.txt", "2"]]));
    expect(existsSync(join(out, OWNER_FILE))).toBe(true);
    writeReportDir(out, root, new Map([["c.txt", "3"]]));
    expect(existsSync(join(out, "a.txt"))).toBe(false);
    expect(readFileSync(join(out, "c.txt"), "utf8")).toBe("3");
    for (const bad of [root, join(root, ".."), join(root, "packs"), join(root, "tenants/t1"), join(root, "notes")]) {
      expect(() => writeReportDir(bad, root, new Map([["c.txt", "3"]])), bad).toThrow(InputError);
    }
    expect(readFileSync(join(root, "notes/keep.txt"), "utf8")).toBe("mine\n");
    mkdirSync(join(root, "empty"));
    writeReportDir(join(root, "empty"), root, new Map([["c.txt", "3"]]));
    writeFileSync(join(root, "file"), "x");
    expect(() => writeReportDir(join(root, "file"), root, new Map())).toThrow(InputError);
  });
});
