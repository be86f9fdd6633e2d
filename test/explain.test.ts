import { afterAll, describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { mergePolicies } from "../src/compose/policy.js";
import type { PolicyRequest, SafetyPolicy } from "../src/model/policy.js";
import { evaluate, matches, mismatch } from "../src/simulate/evaluate.js";
import { explainRequest } from "../src/explain/policy.js";
import { cli, gitRepo, ownRepo, tempRepo, writeTree } from "./helpers.js";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

// `packc explain`: the kernel's evaluation step by step, where a config value comes from, and
// why a version was resolved. The step-by-step trace must be the kernel's own answer.

const word = fc.constantFrom("a", "b", "x", "read", "write", "");
const topicOf = fc.constantFrom("job.x.read", "job.x.write", "job.y.read", "", "sys.reboot", "job.x.*", "job.**");
const matchOf = fc.record(
  {
    topics: fc.array(fc.constantFrom("job.x.read", "job.x.*", "job.*", "job.**", "job.y.*"), { maxLength: 2 }),
    capabilities: fc.array(word, { maxLength: 2 }),
    risk_tags: fc.array(word, { maxLength: 2 }),
    requires: fc.array(word, { maxLength: 2 }),
    tenants: fc.array(fc.constantFrom("default", "t1", "T1"), { maxLength: 2 }),
    labels: fc.dictionary(fc.constantFrom("env", "team"), fc.constantFrom("prod", "dev"), { maxKeys: 1 }),
    secrets_present: fc.boolean(),
  },
  { requiredKeys: [] },
);
const ruleOf = fc.record({ id: fc.constantFrom("r1", "r2", "r3", "r4"), decision: fc.constantFrom("allow", "deny", "require_approval", "throttle"), match: matchOf, constraints: fc.option(fc.constant({ max_runtime_seconds: 10 }), { nil: undefined }) }, { requiredKeys: ["id", "decision"] });
const requestOf: fc.Arbitrary<PolicyRequest> = fc.record({
  tenant: fc.constantFrom("default", "t1", ""),
  topic: topicOf,
  capability: word,
  riskTags: fc.array(word, { maxLength: 2 }),
  requires: fc.array(word, { maxLength: 2 }),
  packId: fc.constantFrom("x", "y"),
  actorId: fc.constant(""),
  actorType: fc.constant(""),
  labels: fc.dictionary(fc.constantFrom("env", "team", "secrets_present"), fc.constantFrom("prod", "dev", "true"), { maxKeys: 2 }),
});

describe("explain: the kernel's evaluation step by step", () => {
  test.prop([fc.array(ruleOf, { maxLength: 5 }), fc.array(ruleOf, { maxLength: 3 }), requestOf], { numRuns: 300 })("decides as the kernel does, by the first rule it marks as matching, with a reason for every rule that does not", (base, fragment, request) => {
    const policy = mergePolicies({ rules: base } as SafetyPolicy, [{ key: "p/safety", policy: { rules: fragment } as SafetyPolicy }]);
    const trace = explainRequest(policy, request, (b) => (b === "p/safety" ? "p" : null));
    expect(trace.decision).toEqual(evaluate(policy, request));
    if (trace.prechecks.every((c) => c.passed)) {
      const deciding = trace.rules.filter((r) => r.outcome === "decides");
      expect(deciding.length).toBeLessThanOrEqual(1);
      if (deciding.length) expect(deciding[0]!.id).toBe(trace.decision.rule);
      for (const r of trace.rules) {
        if (r.outcome === "no-match") expect(r.why).not.toBe("matches");
        expect(r.pack).toBe(r.bundle === "p/safety" ? "p" : null);
      }
      // Every rule after the deciding one that matches is shadowed, every one before it does not match.
      const at = trace.rules.findIndex((r) => r.outcome === "decides");
      trace.rules.forEach((r, i) => {
        if (at >= 0 && i < at) expect(r.outcome).toBe("no-match");
        if (at >= 0 && i > at) expect(r.outcome).not.toBe("decides");
      });
    } else {
      expect(trace.rules).toEqual([]);
    }
  });

  test.prop([matchOf, requestOf], { numRuns: 300 })("names a failing criterion exactly when the rule does not match", (m, request) => {
    const req = { ...request, topic: request.topic || "job.x.read" };
    expect(mismatch(m, req) === null).toBe(matches(m, req));
  });
});

describe("packc explain on the repository's own packs", () => {
  const own = ownRepo();
  const dir = tempRepo(own);
  const run = (...args: string[]) => cli(["explain", "--repo", dir, ...args]);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("names both incident-enricher rules in order for acme's post topic, the approval rule deciding and the wildcard shadowed", () => {
    const r = run("--tenant", "acme", "--topic", "job.incident-enricher.post");
    expect(r.code, r.stderr).toBe(0);
    const approval = r.stdout.indexOf("incident-enricher-require-approval-post (bundle incident-enricher/safety, pack incident-enricher) REQUIRE_APPROVAL: DECIDES");
    const wildcard = r.stdout.indexOf("incident-enricher-allow (bundle incident-enricher/safety, pack incident-enricher) ALLOW: shadowed");
    expect(approval).toBeGreaterThan(0);
    expect(wildcard).toBeGreaterThan(approval);
    expect(r.stdout).toContain("decision: REQUIRE_APPROVAL by rule incident-enricher-require-approval-post");
    const json = JSON.parse(run("--tenant", "acme", "--topic", "job.incident-enricher.post", "--format", "json").stdout) as { body: { decision: { decision: string } } };
    expect(json.body.decision.decision).toBe("REQUIRE_APPROVAL");
  });

  it("names both packs' overlays, in order and with file:line, for a config value two packs merge into", () => {
    const r = run("--tenant", "acme", "--config", "/timeouts/topics");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1\. incident-enricher@0\.1\.0 packs\/incident-enricher\/0\.1\.0\/overlays\/timeouts\.patch\.yaml:\d+ merges into it/);
    expect(r.stdout).toMatch(/2\. ticket-triage@1\.0\.0 packs\/ticket-triage\/1\.0\.0\/overlays\/timeouts\.patch\.yaml:\d+ merges into it/);
    const base = run("--tenant", "globex", "--config", "/pools/pools/default");
    expect(base.stdout).toMatch(/1\. base config\/system\.yaml:\d+ sets \{"requires":\[\]\}/);
  });

  it("says a resolution skipped a version for requiresCore", () => {
    const r = run("--tenant", "initech", "--pack", "base.approvals");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/2\.0\.0 {2}skipped: requires core >=0\.7\.0.* \(the tenant's core is 0\.6\.3\)/);
    expect(r.stdout).toMatch(/1\.1\.0 {2}picked/);
  });

  it("walks a platform pack's gates for a PALM operation, each with its verdict, and names the one that decided", () => {
    const r = run("--tenant", "ledger-bank", "--operation", "scale_up", "--instances", "12");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1\. limits: DENY by policy\.limits\.max_scale_up: scaling up by 12 instances exceeds max_scale_up \d+/);
    expect(r.stdout).toMatch(/2\. safety holds: passes/);
    expect(r.stdout).toMatch(/3\. approvals: REQUIRE_APPROVAL by policy\.human_approval\./);
    expect(r.stdout).toContain("decision: DENY by policy.limits.max_scale_up");
    // The same decision the compiled active config records for the matrix request (a human in production).
    const one = JSON.parse(run("--tenant", "ledger-bank", "--operation", "scale_up", "--format", "json").stdout) as { body: { decision: { decision: string; rule: string } } };
    const compiled = cli(["compile", "--repo", dir]);
    expect(compiled.code, compiled.stderr).toBe(0);
    const platform = JSON.parse(readFileSync(join(dir, "compiled/tenants/ledger-bank/active-config.json"), "utf8")).platform as { decisions: { operation: string; decision: string; rule: string }[] };
    const recorded = platform.decisions.find((d) => d.operation === "scale_up")!;
    expect([one.body.decision.decision, one.body.decision.rule]).toEqual([recorded.decision, recorded.rule]);
    expect(run("--tenant", "acme", "--operation", "scale_up").stderr).toContain("uses no platform pack");
    expect(run("--tenant", "ledger-bank", "--operation", "scale_upp").stderr).toContain("did you mean scale_up?");
  });

  it("explains a commit with --ref, whatever the working tree holds", () => {
    const repo = gitRepo(own);
    try {
      writeTree(repo, { "tenants/initech/tenant.yaml": own["tenants/initech/tenant.yaml"]!.replace("core: 0.6.3", "core: 0.7.1") });
      const now = cli(["explain", "--repo", repo, "--tenant", "initech", "--pack", "base.approvals"]).stdout;
      expect(now).not.toContain("skipped: requires core");
      const then = cli(["explain", "--repo", repo, "--tenant", "initech", "--pack", "base.approvals", "--ref", "HEAD"]);
      expect(then.code, then.stderr).toBe(0);
      expect(then.stdout).toMatch(/2\.0\.0 {2}skipped: requires core/);
      expect(cli(["explain", "--repo", repo, "--tenant", "initech", "--pack", "base.approvals", "--ref", "no-such-ref"]).code).toBe(2);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it("refuses an unknown tenant, a pack the tenant does not resolve, a bad pointer, and two questions at once (exit 2)", () => {
    expect(run("--tenant", "acmee", "--topic", "job.x.y").stderr).toContain("did you mean acme?");
    const notResolved = run("--tenant", "acme", "--pack", "ibank");
    expect(notResolved.code).toBe(2);
    expect(notResolved.stderr).toContain("does not resolve that pack");
    expect(run("--tenant", "acme", "--config", "pools").code).toBe(2);
    expect(run("--tenant", "acme", "--topic", "job.x.y", "--pack", "ibank").code).toBe(2);
    expect(run("--tenant", "acme").code).toBe(2);
    const stray = run("--tenant", "acme", "--pack", "ticket-triage", "--risk-tags", "write");
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain("--risk-tags only goes with --topic");
  });

  it("says why there is nothing to explain when the tenant cannot be composed (exit 1), and still explains its resolution", () => {
    const broken = tempRepo({ ...own, "tenants/acme/tenant.yaml": own["tenants/acme/tenant.yaml"]!.replace("ticket-triage: ~1.0.0", "ticket-triage: ~1.1.0") });
    try {
      const r = cli(["explain", "--repo", broken, "--tenant", "acme", "--topic", "job.incident-enricher.post"]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("the tenant cannot be composed");
      expect(r.stdout).toMatch(/the tenant has \d+ errors?/);
      const pack = cli(["explain", "--repo", broken, "--tenant", "acme", "--pack", "ticket-triage"]);
      expect(pack.code).toBe(0);
      expect(pack.stdout).toMatch(/1\.0\.0 {2}skipped: outside ~1\.1\.0/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
