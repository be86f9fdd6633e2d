import { makeDiagnostic, type Diagnostic } from "../../diagnostics/types.js";
import type { DomainContent, TenantPackVersion } from "../../model/domain.js";
import type { PackVersion } from "../../model/pack.js";
import { checkGuardrailOverlap, checkSeverity } from "./domain-pack.js";
import { checkPlaybookPlaceholders, checkPlaybooks, didYouMean, stepToolRef } from "./playbooks.js";

/**
 * The tenant pack's rules that need no domain pack: `tenantId` equals the tenant directory
 * (PK270), severities are valid (PK262), a CRITICAL approval rule that says false has no effect
 * (PK278), custom guardrails do not allow and block the same item (PK268), placeholders (PK267).
 */
export function checkTenantPackAlone(tp: TenantPackVersion): Diagnostic[] {
  const { doc, content: c } = tp;
  const out: Diagnostic[] = [];
  if (c.tenantId && c.tenantId !== tp.tenant) {
    out.push(makeDiagnostic("PK270", doc.locate("/tenantId"), `tenantId "${c.tenantId}" is not the tenant this pack belongs to ("${tp.tenant}")`, `set tenantId: "${tp.tenant}", or move the file to tenants/${c.tenantId}/tenant-packs/`));
  }
  c.customSeverityOverrides.forEach((o, i) => out.push(...checkSeverity(doc, `/customSeverityOverrides/${i}/severity`, o.severity)));
  c.humanApprovalRules.forEach((r, i) => {
    out.push(...checkSeverity(doc, `/humanApprovalRules/${i}/severity`, r.severity));
    if (r.severity.toUpperCase() === "CRITICAL" && !r.requireApproval) {
      out.push(makeDiagnostic("PK278", doc.locate(`/humanApprovalRules/${i}/requireApproval`), "CRITICAL exceptions always require human approval; this rule has no effect", "remove the rule, or set requireApproval: true"));
    }
  });
  out.push(...checkGuardrailOverlap(doc, "/customGuardrails", c.customGuardrails));
  out.push(...checkPlaybookPlaceholders(doc, "/customPlaybooks", c.customPlaybooks));
  return out;
}

/** How a tenant pack is being checked. */
export interface TenantPackCheck {
  /** The domain name `tenant.yaml` activates this tenant pack with, or null when not activated. */
  activatedWith: string | null;
  /** Every domain name under packs/, for hints. */
  known: readonly string[];
}

/**
 * The tenant pack against a domain pack (seed 000 "Tenant Pack Validation" and "Pack
 * Compatibility"; the import's `validate_tenant_pack` and the runtime loader's
 * `validate_tenant_policy`, shared research §4.4): domain names agree (PK271), approved tools
 * exist (PK272), custom playbooks name existing exception types and approved tools
 * (PK264/PK265/PK273), overrides name existing exception types (PK274), custom guardrails do not
 * block what the domain allows (PK275) nor allow unknown items (PK276), tool overrides name
 * approved tools (PK277). For the activated pair it also warns where the effective config loses
 * something: a domain block dropped by wholesale guardrail replacement (PK279), a domain playbook
 * calling a tool the tenant does not approve (PK280).
 */
export function checkTenantPack(tp: TenantPackVersion, against: PackVersion | null, how: TenantPackCheck): Diagnostic[] {
  const { doc, content: c } = tp;
  const out: Diagnostic[] = [];
  if (how.activatedWith !== null && c.domainName && c.domainName !== how.activatedWith) {
    out.push(makeDiagnostic("PK271", doc.locate("/domainName"), `tenant pack is for domain "${c.domainName}", but tenant.yaml activates it with domain "${how.activatedWith}"`, `set domainName: "${how.activatedWith}", or activate a domain pack of "${c.domainName}"`));
    return out;
  }
  if (!against?.domain) {
    if (how.activatedWith === null && c.domainName) {
      out.push(makeDiagnostic("PK271", doc.locate("/domainName"), `domainName "${c.domainName}" names no domain pack under packs/`, didYouMean(c.domainName, how.known, "domains")));
    }
    return out;
  }
  const d = against.domain;
  const label = `${d.domainName} ${against.version}`;
  const tools = new Set(Object.keys(d.tools));
  const approved = new Set(c.approvedTools.filter((t) => tools.has(t)));
  const types = new Set(Object.keys(d.exceptionTypes));
  c.approvedTools.forEach((t, i) => {
    if (!tools.has(t)) out.push(makeDiagnostic("PK272", doc.locate(`/approvedTools/${i}`), `approved tool "${t}" is not a tool of ${label}`, didYouMean(t, tools, "tools")));
  });
  out.push(...checkPlaybooks(doc, "/customPlaybooks", c.customPlaybooks, { exceptionTypes: types, tools, approved }));
  c.customSeverityOverrides.forEach((o, i) => {
    if (o.exceptionType && !types.has(o.exceptionType)) {
      out.push(makeDiagnostic("PK274", doc.locate(`/customSeverityOverrides/${i}/exceptionType`), `severity override for "${o.exceptionType}", which is not an exception type of ${label}`, didYouMean(o.exceptionType, types, "exception types")));
    }
  });
  if (c.customGuardrails) {
    const domainAllows = new Set(d.guardrails.allowLists);
    c.customGuardrails.blockLists.forEach((item, i) => {
      if (domainAllows.has(item)) out.push(makeDiagnostic("PK275", doc.locate(`/customGuardrails/blockLists/${i}`), `the tenant blocks "${item}", which ${label} allows`, "remove it from blockLists; the domain's allow list is a floor tenants may not block"));
    });
    c.customGuardrails.allowLists.forEach((item, i) => {
      if (!domainAllows.has(item) && !tools.has(item)) out.push(makeDiagnostic("PK276", doc.locate(`/customGuardrails/allowLists/${i}`), `the tenant allows "${item}", which is neither allowed by ${label} nor one of its tools`, didYouMean(item, tools, "tools")));
    });
  }
  c.toolOverrides.forEach((o, i) => {
    if (o.toolName && !approved.has(o.toolName)) {
      const why = tools.has(o.toolName) ? "which the tenant does not approve" : `which is not a tool of ${label}`;
      out.push(makeDiagnostic("PK277", doc.locate(`/toolOverrides/${i}/toolName`), `tool override for "${o.toolName}", ${why}`, tools.has(o.toolName) ? `add "${o.toolName}" to approvedTools` : didYouMean(o.toolName, tools, "tools")));
    }
  });
  if (how.activatedWith !== null) out.push(...effectiveConfigWarnings(tp, d, approved));
  return out;
}

function effectiveConfigWarnings(tp: TenantPackVersion, d: DomainContent, approved: ReadonlySet<string>): Diagnostic[] {
  const { doc, content: c } = tp;
  const out: Diagnostic[] = [];
  if (c.customGuardrails) {
    const kept = new Set(c.customGuardrails.blockLists);
    const dropped = d.guardrails.blockLists.filter((b) => !kept.has(b));
    if (dropped.length) {
      out.push(makeDiagnostic("PK279", doc.locate("/customGuardrails", "key"), `customGuardrails replace the domain's guardrails wholesale, so ${dropped.map((b) => `"${b}"`).join(", ")} ${dropped.length === 1 ? "is" : "are"} no longer blocked`, `copy ${dropped.length === 1 ? "it" : "them"} into customGuardrails.blockLists to keep the domain's block`));
    }
  }
  const missing = new Map<string, string>();
  for (const pb of d.playbooks) {
    for (const step of pb.steps) {
      const ref = stepToolRef(step);
      if (ref && Object.hasOwn(d.tools, ref.tool) && !approved.has(ref.tool) && !missing.has(ref.tool)) missing.set(ref.tool, pb.exceptionType);
    }
  }
  const at = () => doc.locate("/approvedTools", "key");
  for (const [tool, type] of [...missing].sort(([a], [b]) => (a < b ? -1 : 1))) {
    out.push(makeDiagnostic("PK280", at(), `the domain playbook for ${type} calls "${tool}", which the tenant does not approve`, `add "${tool}" to approvedTools, or accept that the step cannot run for this tenant`));
  }
  return out;
}
