import { SEVERITIES, type DomainContent, type Guardrails, type Playbook, type Severity, type SeverityRule, type TenantPackContent } from "../../model/domain.js";
import { isRecord, str, strings } from "../pack-files.js";

/**
 * Reads written domain- and tenant-pack content (canonical keys, see `validate/aliases.ts`) into
 * the normalized model, filling the real models' defaults (shared research §4.2, §4.3). Tolerant
 * of values the schema already reported: a wrong type reads as the default. Strings are trimmed,
 * as pydantic's `str_strip_whitespace` does.
 */
export function domainContent(m: Record<string, unknown>): DomainContent {
  return {
    domainName: str(m.domainName).trim(),
    entities: isRecord(m.entities) ? m.entities : {},
    exceptionTypes: mapRecords(m.exceptionTypes, (t) => ({
      description: str(t.description).trim(),
      severity: severityOf(t.severity),
      detectionRules: strings(t.detectionRules),
      severityRules: severityRules(t.severityRules),
    })),
    severityRules: severityRules(m.severityRules),
    tools: mapRecords(m.tools, (t) => ({
      description: str(t.description).trim(),
      endpoint: str(t.endpoint).trim(),
      parameters: isRecord(t.parameters) ? t.parameters : {},
      version: str(t.version).trim() || "1.0.0",
      timeoutSeconds: typeof t.timeoutSeconds === "number" ? t.timeoutSeconds : null,
      maxRetries: typeof t.maxRetries === "number" ? t.maxRetries : 3,
    })),
    playbooks: playbooks(m.playbooks),
    guardrails: guardrails(m.guardrails) ?? { allowLists: [], blockLists: [], humanApprovalThreshold: 0.8 },
    testSuites: Array.isArray(m.testSuites) ? m.testSuites : [],
  };
}

/** Tenant-pack content with the `TenantPolicyPack` defaults. */
export function tenantPackContent(m: Record<string, unknown>): TenantPackContent {
  return {
    tenantId: str(m.tenantId).trim(),
    domainName: str(m.domainName).trim(),
    approvedTools: strings(m.approvedTools).map((t) => t.trim()),
    customSeverityOverrides: records(m.customSeverityOverrides).map((o) => ({ exceptionType: str(o.exceptionType).trim(), severity: str(o.severity).trim() })),
    customGuardrails: guardrails(m.customGuardrails),
    humanApprovalRules: records(m.humanApprovalRules).map((r) => ({ severity: str(r.severity).trim(), requireApproval: r.requireApproval === true })),
    retentionPolicies: isRecord(m.retentionPolicies) && typeof m.retentionPolicies.dataTTL === "number" ? { dataTTL: m.retentionPolicies.dataTTL } : null,
    customPlaybooks: playbooks(m.customPlaybooks),
    toolOverrides: records(m.toolOverrides).map((o) => ({
      toolName: str(o.toolName).trim(),
      ...(typeof o.timeoutSeconds === "number" ? { timeoutSeconds: o.timeoutSeconds } : {}),
      ...(typeof o.maxRetries === "number" ? { maxRetries: o.maxRetries } : {}),
    })),
    embeddingConfig: isRecord(m.embeddingConfig) ? m.embeddingConfig : null,
    notificationPolicies: isRecord(m.notificationPolicies) ? m.notificationPolicies : null,
  };
}

/** The upper-case severity, or null when absent or not one of LOW, MEDIUM, HIGH, CRITICAL. */
export function severityOf(v: unknown): Severity | null {
  const s = str(v).trim().toUpperCase();
  return (SEVERITIES as readonly string[]).includes(s) ? (s as Severity) : null;
}

function severityRules(v: unknown): SeverityRule[] {
  return records(v).map((r) => ({ condition: str(r.condition).trim(), severity: str(r.severity).trim() }));
}

function playbooks(v: unknown): Playbook[] {
  return records(v).map((p) => ({
    exceptionType: str(p.exceptionType).trim(),
    steps: records(p.steps).map((s) => ({
      ...(typeof s.stepId === "string" ? { stepId: s.stepId } : {}),
      action: str(s.action).trim(),
      parameters: isRecord(s.parameters) ? s.parameters : null,
      ...(typeof s.description === "string" ? { description: s.description } : {}),
    })),
  }));
}

function guardrails(v: unknown): Guardrails | null {
  if (!isRecord(v)) return null;
  return {
    allowLists: strings(v.allowLists),
    blockLists: strings(v.blockLists),
    humanApprovalThreshold: typeof v.humanApprovalThreshold === "number" ? v.humanApprovalThreshold : 0.8,
  };
}

/** The array's items with non-mappings read as `{}`, so indices still match the file's. */
function records(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.map((x) => (isRecord(x) ? x : {})) : [];
}

function mapRecords<T>(v: unknown, f: (r: Record<string, unknown>) => T): Record<string, T> {
  if (!isRecord(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, Record<string, unknown>] => isRecord(e[1])).map(([k, r]) => [k, f(r)]));
}
