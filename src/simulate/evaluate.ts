import type { McpPolicy, MergedPolicy, PolicyDecision, PolicyMatch, PolicyRequest, PolicyRule, SourcedRule } from "../model/policy.js";
import { ruleDecision } from "./decisions.js";
import { pathMatch } from "./path-match.js";

/**
 * Evaluates a request against a merged policy exactly as Cordum's safety kernel does
 * (`kernel.evaluate` + `SafetyPolicy.Evaluate`, shared research §1.7):
 * 1. an empty topic is DENY "missing topic"; a topic without the `job.` prefix is DENY
 *    "unsupported topic";
 * 2. the tenant is the request's, else the policy's `default_tenant`, else `default`;
 * 3. the rules are the merged rules, or, only when there are none, legacy rules synthesised from
 *    the tenants' `deny_topics` then `allow_topics`;
 * 4. the first matching rule decides; no match is ALLOW with no rule;
 * 5. the tenant's MCP lists may force DENY; an ALLOW whose rule carries constraints becomes
 *    ALLOW_WITH_CONSTRAINTS.
 */
export function evaluate(policy: MergedPolicy, request: PolicyRequest): PolicyDecision {
  const topic = request.topic.trim();
  if (topic === "") return { decision: "DENY", rule: null, bundle: null, reason: "missing topic" };
  if (!topic.startsWith("job.")) return { decision: "DENY", rule: null, bundle: null, reason: "unsupported topic" };
  const req = { ...request, topic, tenant: request.tenant.trim() || policy.default_tenant || "default" };
  const rules = policy.rules.length > 0 ? policy.rules : legacyRules(policy);
  const hit = rules.find((r) => matches(r.rule.match ?? {}, req));
  let decision = hit ? ruleDecision(hit.rule.decision) : "ALLOW";
  let reason = hit?.rule.reason ?? "";
  const tenantMcp = policy.tenants[req.tenant]?.mcp;
  if (tenantMcp && !mcpAllows(tenantMcp, req.labels)) {
    decision = "DENY";
    reason = "mcp denied by tenant policy";
  }
  if (decision === "ALLOW" && hit && hasConstraints(hit.rule)) decision = "ALLOW_WITH_CONSTRAINTS";
  return { decision, rule: hit ? (hit.rule.id ?? "") : null, bundle: hit?.bundle ?? null, reason: decision.startsWith("ALLOW") ? "" : reason };
}

/**
 * The legacy rules the kernel synthesises from tenant topic lists when no rule exists: per
 * tenant, one deny rule per `deny_topics` pattern, then one allow rule per `allow_topics`
 * pattern, named `legacy:<tenant>:deny:<n>` and `legacy:<tenant>:allow:<n>` with `n` counted
 * from 1 in list order, as the kernel numbers them (its index plus one).
 */
export function legacyRules(policy: MergedPolicy): SourcedRule[] {
  const out: SourcedRule[] = [];
  for (const [tenant, t] of Object.entries(policy.tenants)) {
    (t.deny_topics ?? []).forEach((topic, n) =>
      out.push({ bundle: "legacy", rule: { id: `legacy:${tenant}:deny:${n + 1}`, decision: "deny", reason: "topic denied by tenant policy", match: { tenants: [tenant], topics: [topic] } } }),
    );
    (t.allow_topics ?? []).forEach((topic, n) =>
      out.push({ bundle: "legacy", rule: { id: `legacy:${tenant}:allow:${n + 1}`, decision: "allow", match: { tenants: [tenant], topics: [topic] } } }),
    );
  }
  return out;
}

/** Whether every present criterion of `m` holds for the request (absent or empty criteria match). */
export function matches(m: PolicyMatch, req: PolicyRequest): boolean {
  return failing(m, req) === null;
}

/** A criterion of a rule's `match`, in the order the kernel checks them. */
type Criterion = "tenants" | "topics" | "capabilities" | "risk_tags" | "requires" | "pack_ids" | "actor_ids" | "actor_types" | "labels" | "secrets_present" | "mcp";

/** The first criterion of `m` the request fails, or null when every present one holds (no allocation: rules are matched millions of times). */
function failing(m: PolicyMatch, req: PolicyRequest): Criterion | null {
  if (!member(m.tenants, req.tenant)) return "tenants";
  if (m.topics?.length && !m.topics.some((p) => pathMatch(p, req.topic))) return "topics";
  if (!member(m.capabilities, req.capability)) return "capabilities";
  if (m.risk_tags?.length && !m.risk_tags.some((t) => req.riskTags.some((r) => same(t, r)))) return "risk_tags";
  if (m.requires?.length && !m.requires.every((t) => req.requires.some((r) => same(t, r)))) return "requires";
  if (!member(m.pack_ids, req.packId)) return "pack_ids";
  if (!member(m.actor_ids, req.actorId)) return "actor_ids";
  if (!member(m.actor_types, req.actorType)) return "actor_types";
  const labels = Object.entries(m.labels ?? {});
  if (labels.length && !labels.every(([k, v]) => Object.hasOwn(req.labels, k) && req.labels[k] === v)) return "labels";
  if (m.secrets_present !== undefined && m.secrets_present !== secretsPresent(req)) return "secrets_present";
  if (m.mcp && !mcpAllows(m.mcp, req.labels)) return "mcp";
  return null;
}

/**
 * The first criterion of `m` the request fails, in the kernel's order, in words (`topics
 * [job.a.*] do not match job.b.x`), or null when the rule matches: {@link matches} in words.
 */
export function mismatch(m: PolicyMatch, req: PolicyRequest): string | null {
  const list = (xs: readonly string[] | undefined) => `[${(xs ?? []).join(", ")}]`;
  switch (failing(m, req)) {
    case null:
      return null;
    case "tenants":
      return `tenants ${list(m.tenants)} do not include ${JSON.stringify(req.tenant)}`;
    case "topics":
      return `topics ${list(m.topics)} do not match ${req.topic}`;
    case "capabilities":
      return `capabilities ${list(m.capabilities)} do not include ${JSON.stringify(req.capability)}`;
    case "risk_tags":
      return `risk_tags ${list(m.risk_tags)}: the request has none of them (it has ${list(req.riskTags)})`;
    case "requires":
      return `requires ${list(m.requires)}: the request lacks ${(m.requires ?? []).filter((t) => !req.requires.some((r) => same(t, r))).join(", ")}`;
    case "pack_ids":
      return `pack_ids ${list(m.pack_ids)} do not include ${JSON.stringify(req.packId)}`;
    case "actor_ids":
      return `actor_ids ${list(m.actor_ids)} do not include ${JSON.stringify(req.actorId)}`;
    case "actor_types":
      return `actor_types ${list(m.actor_types)} do not include ${JSON.stringify(req.actorType)}`;
    case "labels": {
      const [k, v] = Object.entries(m.labels ?? {}).find(([key, value]) => !(Object.hasOwn(req.labels, key) && req.labels[key] === value))!;
      return `label ${k}=${v} is not on the request`;
    }
    case "secrets_present":
      return `secrets_present is ${m.secrets_present}, the request's is ${!m.secrets_present}`;
    case "mcp":
      return "the rule's MCP lists refuse the request's MCP labels";
  }
}

function member(list: string[] | undefined, value: string): boolean {
  if (!list?.length) return true;
  const v = value.trim();
  return v !== "" && list.some((x) => same(x, v));
}

function same(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function secretsPresent(req: PolicyRequest): boolean {
  const flag = (req.labels["secrets_present"] ?? "").trim().toLowerCase();
  return ["true", "1", "yes"].includes(flag) || req.riskTags.some((t) => same(t, "secrets"));
}

const MCP_KINDS = [
  ["server", "servers"],
  ["tool", "tools"],
  ["resource", "resources"],
  ["action", "actions"],
] as const;

/**
 * Whether MCP lists allow a request's MCP labels (`mcp.server`, `mcp_server` or `mcpServer`, and
 * the same for tool, resource, action): a listed deny refuses, a non-empty allow list must name
 * the value; a request without MCP labels is allowed. As the kernel's MCP check (shared research §1.7).
 */
export function mcpAllows(mcp: McpPolicy, labels: Record<string, string>): boolean {
  for (const [one, many] of MCP_KINDS) {
    const cap = one[0]!.toUpperCase() + one.slice(1);
    const value = (labels[`mcp.${one}`] ?? labels[`mcp_${one}`] ?? labels[`mcp${cap}`] ?? "").trim();
    if (!value) continue;
    const deny = mcp[`deny_${many}`] ?? [];
    const allow = mcp[`allow_${many}`] ?? [];
    if (deny.some((d) => same(d, value))) return false;
    if (allow.length && !allow.some((a) => same(a, value))) return false;
  }
  return true;
}

/** Whether a rule carries any non-empty constraint: the kernel then turns its ALLOW into ALLOW_WITH_CONSTRAINTS. */
export function hasConstraints(rule: PolicyRule): boolean {
  return nonEmpty(rule.constraints);
}

function nonEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.values(v).some(nonEmpty);
  return true;
}
