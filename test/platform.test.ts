import { profileOf } from "../src/dialects/platform/manifest.js";
import { describe, expect, it } from "vitest";
import { test as fcTest, fc } from "@fast-check/vitest";
import { join } from "node:path";
import { decide, decisionMatrix } from "../src/dialects/platform/decisions.js";
import { OPERATIONS, operationKeys } from "../src/dialects/platform/operations.js";
import { parseText } from "../src/load/parse.js";
import type { OperationRequest, PlatformConfig } from "../src/model/platform.js";
import { FINALVERSE, IBANK, MAPLEVERSE, PLATFORM } from "./fixtures/platform.js";
import { edit, locked } from "./fixtures/edit.js";
import { checkJson, cli, compileFiles, ROOT, withCode } from "./helpers.js";

const config = (file: string) => parseText(file, PLATFORM[file]!).doc.value as PlatformConfig;
const req = (operation: string, more: Partial<OperationRequest> = {}): OperationRequest => ({ operation, environment: "production", actor_type: "human", replicas: 1, ...more });

describe("TOML", () => {
  const text = '# c\ntitle = "x"\nwhen = 2026-01-15T00:00:00Z\n\n[a.b]\nc = [1, 2]\nd = { e = true }\n\n[[list]]\nname = "one"\n\n[[list]]\nname = "two"\n';
  const doc = parseText("f.toml", text).doc;

  it("reads tables, arrays of tables, inline tables and date-times (as written)", () => {
    expect(doc.value).toEqual({ title: "x", when: "2026-01-15T00:00:00Z", a: { b: { c: [1, 2], d: { e: true } } }, list: [{ name: "one" }, { name: "two" }] });
  });

  it("locates keys and values, array-of-table items, and missing keys at their table", () => {
    expect(doc.locate("/a/b/c/1")).toMatchObject({ line: 6, column: 9 });
    expect(doc.locate("/a/b/d/e", "key")).toMatchObject({ line: 7, column: 7 });
    expect(doc.locate("/list/1/name")).toMatchObject({ line: 13, column: 8 });
    expect(doc.locate("/a/b/missing")).toMatchObject({ line: 5, column: 4 });
  });

  it("reports syntax errors, redefined keys and forbidden keys as diagnostics", () => {
    expect(parseText("f.toml", "a = \n").diagnostics).toEqual([expect.objectContaining({ code: "PK101", message: expect.stringContaining("Unspecified values") })]);
    expect(parseText("f.toml", "a = 1\na = 2\n").diagnostics).toEqual([expect.objectContaining({ code: "PK101", line: 2 })]);
    expect(parseText("f.toml", "[t]\n__proto__ = 1\n").diagnostics).toEqual([expect.objectContaining({ code: "PK104", line: 2 })]);
    expect(parseText("f.toml", "[t]\n__proto__ = 1\n").doc.value).toBeUndefined();
  });
});

describe("operation strings", () => {
  it("map MAPLE's preset names onto PALM operations", () => {
    expect(operationKeys("scale")).toEqual(["scale_up", "scale_down"]);
    expect(operationKeys("force_recovery")).toEqual(["force_recovery"]);
    expect(operationKeys("migrate")).toEqual(["migrate_instance"]);
    expect(operationKeys("terminate_instance")).toEqual(["terminate_instance", "force_terminate"]);
    expect(operationKeys("delete_deploy")).toEqual([]);
  });
});

describe("operation decisions", () => {
  const finalverse = config(FINALVERSE);

  it("give one decision per PALM operation, each with the rule that decided it", () => {
    const m = decisionMatrix(finalverse);
    expect(m.map((d) => d.operation)).toEqual(OPERATIONS.map((o) => o.key));
    expect(m.find((d) => d.operation === "force_terminate")).toMatchObject({ decision: "HOLD", rule: "policy.safety_holds.blocked_operations[2]" });
    expect(m.find((d) => d.operation === "view_audit_log")).toMatchObject({ decision: "ALLOW", rule: "default", obligations: [] });
  });

  it("combine most restrictive first: a hold outranks an approval, an exceeded limit outranks a hold", () => {
    expect(decide(finalverse, req("delete_deployment"))).toMatchObject({ decision: "HOLD", rule: "policy.safety_holds.blocked_operations[1]" });
    expect(decide(finalverse, req("scale_down", { replicas: 20 }))).toMatchObject({ decision: "DENY", rule: "policy.limits.max_scale_down" });
  });

  it("require approval over an instance-count threshold only", () => {
    expect(decide(finalverse, req("create_deployment", { replicas: 5 })).decision).toBe("ALLOW");
    expect(decide(finalverse, req("create_deployment", { replicas: 6 }))).toMatchObject({ decision: "REQUIRE_APPROVAL", rule: "policy.human_approval.threshold_required[1]" });
  });

  it("grant approvals automatically to automation outside production when auto-approval is on", () => {
    const c = structuredClone(finalverse);
    c.policy.human_approval.allow_auto_approval = true;
    expect(decide(c, req("create_deployment", { replicas: 6, actor_type: "system", environment: "staging" }))).toMatchObject({ decision: "ALLOW", rule: "policy.human_approval.allow_auto_approval" });
    expect(decide(c, req("create_deployment", { replicas: 6, actor_type: "system", environment: "prod" })).decision).toBe("REQUIRE_APPROVAL");
    expect(decide(c, req("create_deployment", { replicas: 6, environment: "staging" })).decision).toBe("REQUIRE_APPROVAL");
  });

  it("list accountability obligations whatever the decision", () => {
    expect(decide(config(IBANK), req("migrate_instance")).obligations).toEqual(["proof", "pre_audit", "reconciliation (policy.accountability.reconciliation_required[4])"]);
  });

  const RANK = { ALLOW: 0, REQUIRE_APPROVAL: 1, HOLD: 2, DENY: 3 };
  const names = [...OPERATIONS.map((o) => o.key), "scale", "migrate", "rollback"];
  fcTest.prop([fc.constantFrom(...OPERATIONS.map((o) => o.key)), fc.constantFrom(...names), fc.constantFrom("always_required", "blocked_operations"), fc.nat(40), fc.constantFrom("human", "system", "service"), fc.constantFrom("production", "staging")])(
    "never become less restrictive when a policy list gains an operation",
    (op, added, list, replicas, actor, environment) => {
      const c = structuredClone(finalverse);
      const r = req(op, { replicas, actor_type: actor as OperationRequest["actor_type"], environment });
      const before = RANK[decide(c, r).decision];
      if (list === "always_required") c.policy.human_approval.always_required.push(added);
      else c.policy.safety_holds.blocked_operations.push(added);
      expect(RANK[decide(c, r).decision]).toBeGreaterThanOrEqual(before);
    },
  );
});

describe("conformance", () => {
  it("skips platform-specific tests for the Development profile", () => {
    const r = compileFiles(locked(edit(PLATFORM, MAPLEVERSE, 'profile = "mapleverse"', 'profile = "development"')));
    const swarm = r.tenants.find((t) => t.tenant.id === "swarm-lab")!.activeConfig!.platform as { conformance: { test: string; status: string; reason: string }[] };
    expect(swarm.conformance.filter((c) => c.status !== "passed")).toEqual([{ test: "platform_specific", category: "platform_specific", status: "skipped", reason: "No platform-specific tests for this profile", warnings: [] }]);
    expect(withCode(r, "PK631")).toEqual([expect.objectContaining({ message: expect.stringContaining("profile_matches") })]);
  });

  it("derives the profile from metadata.name when the pack gives none, as MAPLE's runner does (profile-from-name)", () => {
    const withProfile = compileFiles(PLATFORM);
    const derived = compileFiles(locked(edit(PLATFORM, MAPLEVERSE, 'profile = "mapleverse"\n', "")));
    expect(derived.diagnostics).toEqual([]);
    const platformOf = (r: ReturnType<typeof compileFiles>) => r.packs.find((p) => p.id === "mapleverse")!.platform!;
    expect(platformOf(derived).profile).toBe("mapleverse");
    expect(platformOf(derived).conformance).toEqual(platformOf(withProfile).conformance);
    expect(["Mapleverse", "FINALVERSE", " ibank ", "iBank", "harbor", "mapleverse-eu"].map(profileOf)).toEqual(["mapleverse", "finalverse", "ibank", "ibank", "development", "development"]);
  });

  it("runs the Development profile's tests for any other name, and profile_matches warns (profile-other-name)", () => {
    const text = PLATFORM[MAPLEVERSE]!.replace('profile = "mapleverse"\n', "").replace('name = "mapleverse"', 'name = "swarm"');
    const r = compileFiles(locked({ ...PLATFORM, "packs/swarm/1.0.0/platform-pack.toml": text }));
    const swarm = r.packs.find((p) => p.id === "swarm")!.platform!;
    expect(swarm.profile).toBe("development");
    expect(swarm.conformance.filter((c) => c.status !== "passed").map((c) => c.test)).toEqual(["platform_specific"]);
    expect(withCode(r, "PK631").map((d) => d.file)).toEqual(["packs/swarm/1.0.0/platform-pack.toml"]);
  });

  it("always passes the callback and agent-spec tests of a declarative pack", () => {
    const harbor = compileFiles(PLATFORM).tenants.find((t) => t.tenant.id === "harbor-world")!.activeConfig!.platform as { conformance: { test: string; status: string }[] };
    expect(harbor.conformance.filter((c) => ["lifecycle_callbacks", "agent_spec_validation"].includes(c.test)).map((c) => c.status)).toEqual(["passed", "passed"]);
  });

  it("reports MAPLE's own presets, transcribed unchanged (no profile key, no runtime), as MAPLE does: all valid, Finalverse and iBank with the encryption warning, Mapleverse and iBank failing one conformance test each", () => {
    const r = checkJson(join(ROOT, "test/repos/maple-presets"));
    expect(r.code).toBe(1);
    expect(r.diagnostics.map((d) => `${d.file.split("/")[1]} ${d.code} ${d.severity}`)).toEqual(["finalverse PK611 warning", "ibank PK630 error", "ibank PK611 warning", "mapleverse PK630 error"]);
    const failures = r.diagnostics.filter((d) => d.code === "PK630").map((d) => `${d.file.split("/")[1]}: ${/conformance test (\S+)/.exec(d.message)![1]}`);
    expect(failures).toEqual(["ibank: ibank_no_force_operations", "mapleverse: mapleverse_throughput_config"]);
    expect(r.diagnostics.filter((d) => d.code === "PK611").map((d) => d.file.split("/")[1])).toEqual(["finalverse", "ibank"]);
  });

  it("lists every test's status and reason in the JSON report", () => {
    const out = JSON.parse(cli(["check", "--repo", join(ROOT, "test/repos/maple-presets"), "--format", "json"]).stdout);
    expect(out.conformance.map((c: { pack: string; conformant: boolean; failed: number }) => [c.pack, c.conformant, c.failed])).toEqual([["finalverse", true, 0], ["ibank", false, 1], ["mapleverse", false, 1]]);
    expect(out.conformance[2].tests).toContainEqual({ test: "mapleverse_throughput_config", category: "platform_specific", status: "failed", reason: "Mapleverse should support >100k instances, got 10000", warnings: [] });
  });
});

describe("file formats", () => {
  it("reads a platform pack written as JSON like its TOML", () => {
    const { [FINALVERSE]: toml, ...rest } = PLATFORM;
    const json = JSON.stringify(parseText(FINALVERSE, toml!).doc.value, null, 2);
    // The same version in another file is an edited release to its lockfile; re-pin it on purpose.
    const fromJson = compileFiles({ ...rest, "packs/finalverse/1.0.0/platform-pack.json": json }, { mode: "lock", allowEditedRelease: true });
    const fromToml = compileFiles(PLATFORM, { mode: "lock" });
    expect(fromJson.diagnostics).toEqual([]);
    expect(fromJson.packs.find((p) => p.id === "finalverse")!.platform).toEqual(fromToml.packs.find((p) => p.id === "finalverse")!.platform);
  });
});
