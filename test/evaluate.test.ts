import { describe, expect, it } from "vitest";
import { mergePolicies } from "../src/compose/policy.js";
import type { PolicyRequest, SafetyPolicy } from "../src/model/policy.js";
import { evaluate } from "../src/simulate/evaluate.js";

const req = (over: Partial<PolicyRequest> = {}): PolicyRequest => ({
  tenant: "default", topic: "job.x.read", capability: "", riskTags: [], requires: [], packId: "x", actorId: "", actorType: "", labels: {}, ...over,
});
const decide = (base: SafetyPolicy, r: PolicyRequest, fragments: { key: string; policy: SafetyPolicy }[] = []) => evaluate(mergePolicies(base, fragments), r);

describe("evaluate (Cordum safety kernel)", () => {
  it("denies an empty topic and a topic without the job. prefix before any rule", () => {
    const allowAll: SafetyPolicy = { rules: [{ id: "all", decision: "allow" }] };
    expect(decide(allowAll, req({ topic: "" }))).toMatchObject({ decision: "DENY", reason: "missing topic", rule: null });
    expect(decide(allowAll, req({ topic: "sys.reboot" }))).toMatchObject({ decision: "DENY", reason: "unsupported topic" });
  });

  it("allows by default when no rule matches", () => {
    expect(decide({ rules: [{ id: "d", decision: "deny", match: { topics: ["job.y.*"] } }] }, req())).toEqual({ decision: "ALLOW", rule: null, bundle: null, reason: "" });
  });

  it("lets the first matching rule win, with no deny precedence", () => {
    const p: SafetyPolicy = { rules: [{ id: "allow", decision: "allow", match: { topics: ["job.x.*"] } }, { id: "deny", decision: "deny", match: { topics: ["job.x.read"] } }] };
    expect(decide(p, req())).toMatchObject({ decision: "ALLOW", rule: "allow" });
  });

  it("merges fragments by bundle key order after the base, so an earlier key can shadow a later one", () => {
    const a = { key: "a-pack/safety", policy: { rules: [{ id: "a-allow-all", decision: "allow", match: { topics: ["job.*"] } }] } };
    const z = { key: "z-pack/safety", policy: { rules: [{ id: "z-approve", decision: "require_approval", match: { topics: ["job.z.post"] } }] } };
    expect(decide({}, req({ topic: "job.z.post" }), [z, a])).toMatchObject({ decision: "ALLOW", rule: "a-allow-all", bundle: "a-pack/safety" });
  });

  it("compares criteria case-insensitively except topics", () => {
    const p: SafetyPolicy = { rules: [{ id: "w", decision: "require_approval", match: { risk_tags: ["WRITE"], capabilities: ["X.Write"] } }] };
    expect(decide(p, req({ riskTags: ["write"], capability: "x.write" })).decision).toBe("REQUIRE_APPROVAL");
    expect(decide({ rules: [{ id: "t", decision: "deny", match: { topics: ["job.X.read"] } }] }, req()).decision).toBe("ALLOW");
  });

  it("needs all of a rule's requires but any of its risk tags", () => {
    const p: SafetyPolicy = { rules: [{ id: "r", decision: "deny", match: { requires: ["a", "b"] } }] };
    expect(decide(p, req({ requires: ["a"] })).decision).toBe("ALLOW");
    expect(decide(p, req({ requires: ["b", "a", "c"] })).decision).toBe("DENY");
    const q: SafetyPolicy = { rules: [{ id: "q", decision: "deny", match: { risk_tags: ["prod", "destructive"] } }] };
    expect(decide(q, req({ riskTags: ["prod"] })).decision).toBe("DENY");
  });

  it("never matches an empty request value against a list criterion", () => {
    const p: SafetyPolicy = { rules: [{ id: "c", decision: "deny", match: { capabilities: ["x.read"] } }] };
    expect(decide(p, req({ capability: "" })).decision).toBe("ALLOW");
  });

  it("turns ALLOW into ALLOW_WITH_CONSTRAINTS only when constraints are non-empty", () => {
    const withC: SafetyPolicy = { rules: [{ id: "c", decision: "allow", constraints: { budgets: { max_retries: 1 } } }] };
    const emptyC: SafetyPolicy = { rules: [{ id: "e", decision: "allow", constraints: { budgets: {} } }] };
    expect(decide(withC, req()).decision).toBe("ALLOW_WITH_CONSTRAINTS");
    expect(decide(emptyC, req()).decision).toBe("ALLOW");
  });

  it("normalises decision spellings and maps unknown ones to allow", () => {
    const d = (decision: string) => decide({ rules: [{ id: "r", decision }] }, req()).decision;
    expect(d("permit")).toBe("ALLOW");
    expect(d("block")).toBe("DENY");
    expect(d("require-approval")).toBe("REQUIRE_APPROVAL");
    expect(d("require_human")).toBe("REQUIRE_APPROVAL");
    expect(d("allow-with-constraints")).toBe("ALLOW_WITH_CONSTRAINTS");
    expect(d("throttle")).toBe("THROTTLE");
    expect(d("whatever")).toBe("ALLOW");
  });

  it("uses tenant deny_topics only while the merged policy has no rules", () => {
    const legacy: SafetyPolicy = { tenants: { default: { deny_topics: ["job.x.*"], allow_topics: ["job.*"] } } };
    expect(decide(legacy, req())).toMatchObject({ decision: "DENY", rule: "legacy:default:deny:1" });
    expect(decide(legacy, req({ tenant: "other" })).decision).toBe("ALLOW");
    const withRule = { key: "y/safety", policy: { rules: [{ id: "y", decision: "deny", match: { topics: ["job.y.*"] } }] } };
    expect(decide(legacy, req(), [withRule]).decision).toBe("ALLOW");
  });

  it("numbers legacy rules from 1 in list order, as the kernel names them (legacy-rule-ids-from-one)", () => {
    const legacy: SafetyPolicy = { tenants: { default: { deny_topics: ["job.a.*", "job.x.*"], allow_topics: ["job.b.*", "job.*"] } } };
    expect(decide(legacy, req()).rule).toBe("legacy:default:deny:2");
    expect(decide(legacy, req({ topic: "job.a.run" })).rule).toBe("legacy:default:deny:1");
    expect(decide(legacy, req({ topic: "job.b.run" }))).toMatchObject({ decision: "ALLOW", rule: "legacy:default:allow:1" });
    expect(decide(legacy, req({ topic: "job.c.run" }))).toMatchObject({ decision: "ALLOW", rule: "legacy:default:allow:2" });
  });

  it("takes the tenant from the request, else default_tenant, else default", () => {
    const p: SafetyPolicy = { default_tenant: "acme", rules: [{ id: "t", decision: "deny", match: { tenants: ["ACME"] } }] };
    expect(decide(p, req({ tenant: "" })).decision).toBe("DENY");
    expect(decide(p, req({ tenant: "globex" })).decision).toBe("ALLOW");
  });

  it("matches labels exactly and computes secrets_present", () => {
    const p: SafetyPolicy = { rules: [{ id: "l", decision: "deny", match: { labels: { branch: "main" } } }, { id: "s", decision: "require_approval", match: { secrets_present: true } }] };
    expect(decide(p, req({ labels: { branch: "main" } })).rule).toBe("l");
    expect(decide(p, req({ labels: { branch: "Main" } })).decision).toBe("ALLOW");
    expect(decide(p, req({ riskTags: ["SECRETS"] })).rule).toBe("s");
    expect(decide(p, req({ labels: { secrets_present: "yes" } })).rule).toBe("s");
  });
});

describe("mergePolicies", () => {
  it("keeps the first non-empty version and default_tenant, appends rules and tenant lists, keeps the smallest positive concurrency", () => {
    const m = mergePolicies(
      { version: "", tenants: { t: { allow_topics: ["a"], max_concurrent_jobs: 0 } } },
      [
        { key: "b/x", policy: { version: "2", default_tenant: "t", rules: [{ id: "b" }], tenants: { t: { allow_topics: ["b"], max_concurrent_jobs: 5 } } } },
        { key: "a/x", policy: { version: "1", rules: [{ id: "a" }], tenants: { t: { allow_topics: ["c"], max_concurrent_jobs: 3 } } } },
      ],
    );
    expect(m.version).toBe("1");
    expect(m.default_tenant).toBe("t");
    expect(m.rules.map((r) => `${r.bundle}:${r.rule.id}`)).toEqual(["a/x:a", "b/x:b"]);
    expect(m.tenants.t).toEqual({ allow_topics: ["a", "c", "b"], max_concurrent_jobs: 3 });
  });

  it("does not mutate its inputs", () => {
    const base: SafetyPolicy = { tenants: { t: { allow_topics: ["a"] } } };
    const frag = { key: "x/y", policy: { tenants: { t: { allow_topics: ["b"] } } } };
    const before = JSON.stringify([base, frag]);
    mergePolicies(base, [frag]);
    expect(JSON.stringify([base, frag])).toBe(before);
  });
});
