import type { SourceDoc } from "../load/source-doc.js";

/** The severities of the exception platform, lowest first (`Severity` enum, shared research §4.7). */
export const SEVERITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;

/** One severity, upper case (the runtime upper-cases before `Severity(value)`). */
export type Severity = (typeof SEVERITIES)[number];

/** A severity rule: a runtime condition and the severity it assigns (`severityRules[]`). */
export interface SeverityRule {
  condition: string;
  severity: string;
}

/** An exception type of a domain pack, keyed by its name. `severity` is the type's default. */
export interface ExceptionType {
  description: string;
  severity: Severity | null;
  detectionRules: string[];
  severityRules: SeverityRule[];
}

/** A tool a playbook step may call, keyed by its name. Times in seconds. */
export interface Tool {
  description: string;
  endpoint: string;
  parameters: Record<string, unknown>;
  version: string;
  timeoutSeconds: number | null;
  maxRetries: number;
}

/** One playbook step: an action (a tool name, or free text) and its parameters. */
export interface PlaybookStep {
  stepId?: string;
  action: string;
  parameters: Record<string, unknown> | null;
  description?: string;
}

/** A playbook: the steps run for one exception type. */
export interface Playbook {
  exceptionType: string;
  steps: PlaybookStep[];
}

/** Guardrails: allowed and blocked items and the confidence under which a human must approve (0..1). */
export interface Guardrails {
  allowLists: string[];
  blockLists: string[];
  humanApprovalThreshold: number;
}

/**
 * A domain pack's content in canonical camelCase (seed 000 "Domain Pack Structure"; the real
 * `DomainPack` pydantic model, shared research §4.2), defaults filled in.
 */
export interface DomainContent {
  domainName: string;
  entities: Record<string, unknown>;
  exceptionTypes: Record<string, ExceptionType>;
  severityRules: SeverityRule[];
  tools: Record<string, Tool>;
  playbooks: Playbook[];
  guardrails: Guardrails;
  testSuites: unknown[];
}

/** A tenant's severity override for one exception type. */
export interface SeverityOverride {
  exceptionType: string;
  severity: string;
}

/** A tenant's rule: whether a severity needs human approval. */
export interface ApprovalRule {
  severity: string;
  requireApproval: boolean;
}

/** A tenant's override of one tool's timeout (seconds) or retries. */
export interface ToolOverride {
  toolName: string;
  timeoutSeconds?: number;
  maxRetries?: number;
}

/**
 * A tenant pack's content in canonical camelCase (seed 000 "Tenant Pack Structure"; the real
 * `TenantPolicyPack`, shared research §4.3), defaults filled in.
 */
export interface TenantPackContent {
  tenantId: string;
  domainName: string;
  approvedTools: string[];
  customSeverityOverrides: SeverityOverride[];
  customGuardrails: Guardrails | null;
  humanApprovalRules: ApprovalRule[];
  retentionPolicies: { dataTTL: number } | null;
  customPlaybooks: Playbook[];
  toolOverrides: ToolOverride[];
  embeddingConfig: Record<string, unknown> | null;
  notificationPolicies: Record<string, unknown> | null;
}

/**
 * One version of a tenant's tenant pack, `tenants/<tenant>/tenant-packs/<vMAJOR.MINOR>.json`.
 * `doc` reads canonical pointers (snake_case spellings mapped back to the file's own keys).
 */
export interface TenantPackVersion {
  tenant: string;
  version: string;
  file: string;
  doc: SourceDoc;
  /** `sha256-<base64>` of the file's bytes (Subresource Integrity notation). */
  integrity: string;
  content: TenantPackContent;
  /** False when the tenant pack's own validation found errors. */
  valid: boolean;
}
