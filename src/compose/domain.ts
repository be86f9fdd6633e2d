import { SEVERITIES, type DomainContent, type Severity, type TenantPackContent } from "../model/domain.js";
import type { Activated } from "../dialects/domain/activation.js";
import { severityOf } from "../dialects/domain/content.js";

/**
 * The effective domain configuration the exception platform's runtime applies for one tenant
 * (shared research §4.7), the `domain` section of `active-config.json`:
 * - `exceptionTypes`: each type with its effective default severity — the tenant's override if
 *   any (it wins outright), else the highest severity of the pack's `severityRules` whose
 *   condition is only `exceptionType == '<type>'` (the runtime takes the highest matching rule,
 *   and such a rule matches every exception of the type), else the type's `severity` (the
 *   guide's key), else the runtime's inference from the name — and `severitySource` saying
 *   which. Rules whose conditions read the exception's payload are the runtime's to evaluate;
 *   they are passed through.
 * - `tools`: only the approved ones, with the tenant's `toolOverrides` applied.
 * - `playbooks`: the domain's then the tenant's custom ones, each with its `source` (appended,
 *   never overridden).
 * - `guardrails`: the tenant's custom guardrails if set, else the domain's (wholesale, no merge).
 * - `approval`: the confidence threshold and, per severity, whether a human must approve
 *   (CRITICAL always; others when a `humanApprovalRules` entry says so).
 * - `retention`: `retentionPolicies` (days), or null.
 * Pure.
 */
export function effectiveDomain({ domainPack, tenantPack }: Activated): Record<string, unknown> {
  const d = domainPack.domain as DomainContent;
  const t = tenantPack.content;
  const guardrails = t.customGuardrails ?? d.guardrails;
  return {
    name: d.domainName,
    version: domainPack.version,
    integrity: domainPack.integrity,
    tenantPack: { version: tenantPack.version, integrity: tenantPack.integrity },
    entities: d.entities,
    exceptionTypes: exceptionTypes(d, t),
    severityRules: d.severityRules,
    tools: tools(d, t),
    playbooks: [...d.playbooks.map((p) => ({ ...p, source: "domain" })), ...t.customPlaybooks.map((p) => ({ ...p, source: "tenant" }))],
    guardrails: { ...guardrails, source: t.customGuardrails ? "tenant" : "domain" },
    approval: { humanApprovalThreshold: guardrails.humanApprovalThreshold, bySeverity: approvalBySeverity(t) },
    retention: t.retentionPolicies,
    embeddingConfig: t.embeddingConfig,
    notificationPolicies: t.notificationPolicies,
  };
}

function exceptionTypes(d: DomainContent, t: TenantPackContent): Record<string, unknown> {
  const overrides = new Map(t.customSeverityOverrides.map((o) => [o.exceptionType, severityOf(o.severity)] as const));
  return Object.fromEntries(
    Object.entries(d.exceptionTypes).map(([name, type]) => {
      const override = overrides.get(name) ?? null;
      const rule = ruleSeverity(d, name);
      const [severity, severitySource] = override ? [override, "tenant"] : rule ? [rule, "rule"] : type.severity ? [type.severity, "domain"] : [inferSeverity(name), "name"];
      return [name, { description: type.description, severity, severitySource, detectionRules: type.detectionRules, severityRules: type.severityRules }];
    }),
  );
}

/** The highest severity among `d`'s rules whose condition is exactly `exceptionType == '<name>'` (either quote), or null. */
function ruleSeverity(d: DomainContent, name: string): Severity | null {
  let best: Severity | null = null;
  for (const r of d.severityRules) {
    const m = /^exceptionType\s*==\s*(['"])(.*)\1$/.exec(r.condition.trim());
    const s = m && m[2] === name ? severityOf(r.severity) : null;
    if (s && (best === null || SEVERITIES.indexOf(s) > SEVERITIES.indexOf(best))) best = s;
  }
  return best;
}

/** The runtime's fallback severity from an exception type's name (`triage.py`, shared research §4.7). */
export function inferSeverity(name: string): Severity {
  const n = name.toUpperCase();
  if (n.includes("CRITICAL") || n.includes("BREAK")) return "CRITICAL";
  if (n.includes("HIGH") || n.includes("FAIL")) return "HIGH";
  if (n.includes("LOW") || n.includes("MISMATCH")) return "LOW";
  return "MEDIUM";
}

function tools(d: DomainContent, t: TenantPackContent): Record<string, unknown> {
  const overrides = new Map(t.toolOverrides.map((o) => [o.toolName, o] as const));
  const approved = new Set(t.approvedTools);
  return Object.fromEntries(
    Object.entries(d.tools)
      .filter(([name]) => approved.has(name))
      .map(([name, tool]) => {
        const o = overrides.get(name);
        return [name, { ...tool, timeoutSeconds: o?.timeoutSeconds ?? tool.timeoutSeconds, maxRetries: o?.maxRetries ?? tool.maxRetries }];
      }),
  );
}

function approvalBySeverity(t: TenantPackContent): Record<Severity, boolean> {
  const required = (s: Severity) => s === "CRITICAL" || t.humanApprovalRules.some((r) => r.requireApproval && r.severity.toUpperCase() === s);
  return Object.fromEntries(SEVERITIES.map((s) => [s, required(s)])) as Record<Severity, boolean>;
}
