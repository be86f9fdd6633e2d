import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../src/diagnostics/types.js";
import { makeDiagnostic } from "../src/diagnostics/types.js";
import { renderGithub } from "../src/report/github.js";
import { renderSarif } from "../src/report/sarif.js";
import { cli, ROOT } from "./helpers.js";
import { join } from "node:path";

const at = (file: string, line: number) => ({ file, line, column: 3, pointer: "/a" });
const many = (n: number, code: "PK110" | "PK116", file = "packs/x/1.0.0/pack.yaml"): Diagnostic[] => Array.from({ length: n }, (_, i) => makeDiagnostic(code, at(file, i + 1), `problem ${i}`));

describe("GitHub annotations", () => {
  it("show at most 10 errors and 10 warnings, errors on changed lines first, then in changed files, and say how many more", () => {
    const diags = [...many(12, "PK110"), ...many(3, "PK110", "tenants/t/tenant.yaml"), ...many(11, "PK116")];
    const lines = renderGithub(diags, new Map([["tenants/t/tenant.yaml", [[3, 3]] as const]])).trim().split("\n");
    expect(lines.filter((l) => l.startsWith("::error"))).toHaveLength(10);
    expect(lines.filter((l) => l.startsWith("::warning"))).toHaveLength(10);
    expect(lines[0]).toMatch(/^::error file=tenants\/t\/tenant.yaml,line=3,col=3,title=packc PK110::problem 2$/);
    expect(lines[1]).toMatch(/^::error file=tenants\/t\/tenant.yaml,line=1,col=3,title=packc PK110::problem 0$/);
    expect(lines[3]).toMatch(/^::error file=packs\/x\/1.0.0\/pack.yaml,line=1,/);
    expect(lines.at(-1)).toBe("::notice title=packc::6 more diagnostics not annotated; see the SARIF file and the step summary");
  });

  it("escape messages and properties so nothing can inject a workflow command", () => {
    const d = makeDiagnostic("PK110", at("a,b:c.yaml", 1), "bad\n::set-output name=x::y 100%", "fix it");
    expect(renderGithub([d])).toBe("::error file=a%2Cb%3Ac.yaml,line=1,col=3,title=packc PK110::bad\\n::set-output name=x::y 100%25%0Ahint: fix it\n");
  });
});

describe("SARIF", () => {
  it("has one run of the packc driver with the rules used and one located result per diagnostic", () => {
    const sarif = JSON.parse(renderSarif([...many(2, "PK110"), makeDiagnostic("PK116", at("f.yaml", 4), "unknown key", 'did you mean "x"?')]));
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(["PK110", "PK116"]);
    expect(run.tool.driver.rules[1].defaultConfiguration).toEqual({ level: "warning" });
    expect(run.results).toHaveLength(3);
    expect(run.results[2]).toMatchObject({ ruleId: "PK116", ruleIndex: 1, level: "warning", message: { text: 'unknown key (hint: did you mean "x"?)' }, locations: [{ physicalLocation: { artifactLocation: { uri: "f.yaml" }, region: { startLine: 4, startColumn: 3 } } }] });
  });

  it("is what packc check --format sarif prints", () => {
    const r = cli(["check", "--repo", join(ROOT, "test/repos/maple-presets"), "--format", "sarif"]);
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout).runs[0].results as { ruleId: string }[];
    expect(results.filter((x) => x.ruleId === "PK630")).toHaveLength(2);
  });
});
