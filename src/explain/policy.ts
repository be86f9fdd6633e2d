import type { MergedPolicy, PolicyDecision, PolicyRequest } from "../model/policy.js";
import { ruleDecision } from "../simulate/decisions.js";
import { evaluate, hasConstraints, legacyRules, mcpAllows, mismatch } from "../simulate/evaluate.js";

/** One rule of the policy as the kernel walks it for a request. */
export interface RuleStep {
  /** Position in evaluation order, from 1. */
  n: number;
  id: string;
  bundle: string;
  /** The pack the bundle came from (null: the base policy, or a legacy rule). */
  pack: string | null;
  decision: string;
  /**
   * decides: the first rule that matches; no-match: it does not match (`why` says which
   * criterion fails); shadowed: it matches, but an earlier rule decided (first match wins).
   */
  outcome: "decides" | "no-match" | "shadowed";
  why: string;
}

/** The kernel's evaluation of one request, step by step (`packc explain --topic`). */
export interface PolicyTrace {
  request: PolicyRequest;
  /** The pre-checks before any rule, each with whether the request passed it. */
  prechecks: { check: string; passed: boolean }[];
  /** Where the rules come from: the merged rules, or, when there are none, legacy rules from the tenants' topic lists. */
  rulesFrom: "rules" | "legacy";
  rules: RuleStep[];
  /** What happened after the deciding rule: the tenant's MCP lists, constraints. */
  after: string[];
  decision: PolicyDecision;
}

/**
 * The kernel's evaluation of `request` in `policy`, as {@link evaluate} makes it (Cordum's
 * `SafetyPolicy.Evaluate`, shared research §1.7), in steps a reviewer can follow: the pre-checks
 * (topic present, `job.` prefix), the tenant the request is evaluated as, every rule in order
 * with its bundle and pack, and whether it decides, fails a criterion (named) or matches after
 * the deciding rule (shadowed); then the MCP and constraint adjustments. `packOf` names the pack
 * of a bundle. Its decision is {@link evaluate}'s (a property test holds the two together).
 */
export function explainRequest(policy: MergedPolicy, request: PolicyRequest, packOf: (bundle: string) => string | null): PolicyTrace {
  const decision = evaluate(policy, request);
  const topic = request.topic.trim();
  const prechecks = [
    { check: "the request names a topic", passed: topic !== "" },
    { check: 'the topic starts with "job."', passed: topic.startsWith("job.") },
  ];
  const trace: PolicyTrace = { request, prechecks, rulesFrom: policy.rules.length > 0 ? "rules" : "legacy", rules: [], after: [], decision };
  if (prechecks.some((c) => !c.passed)) return trace;
  const req = { ...request, topic, tenant: request.tenant.trim() || policy.default_tenant || "default" };
  const rules = policy.rules.length > 0 ? policy.rules : legacyRules(policy);
  let decided = false;
  rules.forEach((r, i) => {
    const why = mismatch(r.rule.match ?? {}, req);
    const outcome = why !== null ? "no-match" : decided ? "shadowed" : "decides";
    if (outcome === "decides") decided = true;
    trace.rules.push({ n: i + 1, id: r.rule.id ?? "", bundle: r.bundle, pack: packOf(r.bundle), decision: ruleDecision(r.rule.decision), outcome, why: why ?? (outcome === "shadowed" ? "matches too, but an earlier rule decided: the first match wins" : "matches") });
  });
  if (!decided) trace.after.push("no rule matches: the kernel allows by default");
  const mcp = policy.tenants[req.tenant]?.mcp;
  if (mcp && !mcpAllows(mcp, req.labels)) trace.after.push(`tenant "${req.tenant}"'s MCP lists refuse the request's MCP labels: DENY`);
  const hit = rules.find((r) => mismatch(r.rule.match ?? {}, req) === null);
  if (hit && decision.decision === "ALLOW_WITH_CONSTRAINTS" && hasConstraints(hit.rule)) trace.after.push(`rule "${hit.rule.id ?? ""}" allows with constraints: ALLOW_WITH_CONSTRAINTS (${JSON.stringify(hit.rule.constraints)})`);
  return trace;
}
