/**
 * The Cordum safety policy as the kernel parses it (cordum core/infra/config/safety_policy.go);
 * field names are the YAML keys. See shared research §1.7.
 */
export interface PolicyMatch {
  tenants?: string[];
  topics?: string[];
  capabilities?: string[];
  risk_tags?: string[];
  requires?: string[];
  pack_ids?: string[];
  actor_ids?: string[];
  actor_types?: string[];
  labels?: Record<string, string>;
  secrets_present?: boolean;
  mcp?: McpPolicy;
}

/** MCP allow/deny lists (servers, tools, resources, actions). */
export interface McpPolicy {
  allow_servers?: string[];
  deny_servers?: string[];
  allow_tools?: string[];
  deny_tools?: string[];
  allow_resources?: string[];
  deny_resources?: string[];
  allow_actions?: string[];
  deny_actions?: string[];
}

/** One policy rule; `decision` is one of the kernel's lowercase spellings. */
export interface PolicyRule {
  id?: string;
  reason?: string;
  decision?: string;
  match?: PolicyMatch;
  constraints?: Record<string, unknown>;
  remediations?: Record<string, unknown>[];
}

/** Per-tenant lists; `allow_topics`/`deny_topics` act only while the policy has no rules. */
export interface TenantPolicy {
  allow_topics?: string[];
  deny_topics?: string[];
  allowed_repo_hosts?: string[];
  denied_repo_hosts?: string[];
  max_concurrent_jobs?: number;
  mcp?: McpPolicy;
}

/** A whole policy document (base policy or one fragment). */
export interface SafetyPolicy {
  version?: string;
  default_tenant?: string;
  rules?: PolicyRule[];
  tenants?: Record<string, TenantPolicy>;
}

/** The bundle key of the base policy in provenance records. */
export const BASE_BUNDLE = "base";

/** A rule with the bundle it came from (`base` or `<pack-id>/<name>`). */
export interface SourcedRule {
  rule: PolicyRule;
  bundle: string;
}

/** A merged policy as the kernel holds it after loading base and fragments. */
export interface MergedPolicy {
  version: string;
  default_tenant: string;
  rules: SourcedRule[];
  tenants: Record<string, TenantPolicy>;
}

/** The kernel's decisions, named as packc reports them (DESIGN.md glossary). */
export type DecisionName = "ALLOW" | "DENY" | "REQUIRE_APPROVAL" | "ALLOW_WITH_CONSTRAINTS" | "THROTTLE";

/** A policy request (CAP `JobMetadata` fields the kernel reads). */
export interface PolicyRequest {
  tenant: string;
  topic: string;
  capability: string;
  riskTags: string[];
  requires: string[];
  packId: string;
  actorId: string;
  actorType: string;
  labels: Record<string, string>;
}

/** The kernel's answer: the decision, and the rule that decided it (null for the default allow or a pre-check). */
export interface PolicyDecision {
  decision: DecisionName;
  rule: string | null;
  bundle: string | null;
  reason: string;
}
