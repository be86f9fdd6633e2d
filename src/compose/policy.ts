import { BASE_BUNDLE, type MergedPolicy, type SafetyPolicy, type TenantPolicy } from "../model/policy.js";
import { cmp } from "../diagnostics/types.js";

/** A policy with its bundle key (`<pack-id>/<name>`). */
export interface KeyedPolicy {
  key: string;
  policy: SafetyPolicy;
}

/**
 * Merges the base policy and fragments the way Cordum's safety kernel loads them
 * (`mergePolicies`): fragments sorted by bundle key in byte order, base first; `version` and
 * `default_tenant` take the first non-empty value; rules are appended without de-duplication;
 * tenant lists are appended, `max_concurrent_jobs` takes the smallest positive value. Inputs are
 * not mutated, and not copied either: the merged policy shares the rule objects and unmerged
 * tenant entries of its inputs (every tenant's merged policy shares its packs' fragments), so it
 * is read-only; a merged tenant entry is a new object with new lists.
 */
export function mergePolicies(base: SafetyPolicy, fragments: readonly KeyedPolicy[]): MergedPolicy {
  const merged: MergedPolicy = { version: "", default_tenant: "", rules: [], tenants: {} };
  const ordered = [...fragments].sort((a, b) => cmp(a.key, b.key));
  for (const { key, policy } of [{ key: BASE_BUNDLE, policy: base }, ...ordered]) {
    if (!merged.version && policy.version) merged.version = policy.version;
    if (!merged.default_tenant && policy.default_tenant) merged.default_tenant = policy.default_tenant;
    for (const rule of policy.rules ?? []) merged.rules.push({ rule, bundle: key });
    for (const [name, t] of Object.entries(policy.tenants ?? {})) {
      const prev = merged.tenants[name];
      merged.tenants[name] = prev ? mergeTenant(prev, t) : t;
    }
  }
  return merged;
}

const LISTS = ["allow_topics", "deny_topics", "allowed_repo_hosts", "denied_repo_hosts"] as const;
const MCP_LISTS = ["allow_servers", "deny_servers", "allow_tools", "deny_tools", "allow_resources", "deny_resources", "allow_actions", "deny_actions"] as const;

function mergeTenant(a: TenantPolicy, b: TenantPolicy): TenantPolicy {
  const out: TenantPolicy = { ...a };
  for (const k of LISTS) if (b[k]) out[k] = [...(out[k] ?? []), ...b[k]];
  const positive = [a.max_concurrent_jobs, b.max_concurrent_jobs].filter((n): n is number => typeof n === "number" && n > 0);
  if (positive.length) out.max_concurrent_jobs = Math.min(...positive);
  if (b.mcp) {
    const mcp = { ...(out.mcp ?? {}) };
    for (const k of MCP_LISTS) if (b.mcp[k]) mcp[k] = [...(mcp[k] ?? []), ...b.mcp[k]];
    out.mcp = mcp;
  }
  return out;
}

