import { makeDiagnostic, type Diagnostic } from "../../diagnostics/types.js";
import type { SourceDoc } from "../../load/source-doc.js";
import { pointer } from "../../util/json-pointer.js";
import { validateDoc } from "../../validate/schemas.js";
import { isRecord } from "../pack-files.js";

const DECISIONS = new Set(["allow", "permit", "deny", "block", "require_approval", "require-approval", "require_human", "allow_with_constraints", "allow-with-constraints", "throttle"]);

/**
 * Checks a safety policy document (base policy or fragment) the way the kernel's strict parser
 * would, with specific codes for the seed's mistakes: `match.topic` (PK501), a non-string
 * `version` (PK502), upper-case decisions (PK506). The remaining schema violations are PK110–PK112.
 * `otherRules` says whether rules exist elsewhere in the merged policy, for PK503 (tenant topic
 * lists made inert by rules). Returns the diagnostics and whether the document is loadable.
 */
export function lintPolicy(doc: SourceDoc, otherRules: boolean): { diagnostics: Diagnostic[]; loadable: boolean } {
  const p = doc.value as Record<string, unknown>;
  const out: Diagnostic[] = [];
  if (p.version !== undefined && typeof p.version !== "string") {
    out.push(makeDiagnostic("PK502", doc.locate("/version"), `version ${JSON.stringify(p.version)} is not a string; the kernel rejects the policy`, `quote it: version: "${String(p.version)}"`));
  }
  const rules = Array.isArray(p.rules) ? p.rules : [];
  rules.forEach((rule, i) => {
    if (!isRecord(rule)) return;
    const match = rule.match;
    if (isRecord(match) && match.topic !== undefined) {
      const v = match.topic;
      const list = Array.isArray(v) ? v : [v];
      out.push(makeDiagnostic("PK501", doc.locate(pointer(["rules", i, "match", "topic"]), "key"), `match.topic is not a kernel key; the real key is the list "topics"`, `did you mean "topics: [${list.map((x) => JSON.stringify(x)).join(", ")}]"?`));
    }
    const d = rule.decision;
    if (typeof d === "string" && !DECISIONS.has(d) && DECISIONS.has(d.toLowerCase())) {
      out.push(makeDiagnostic("PK506", doc.locate(pointer(["rules", i, "decision"])), `decision "${d}" must be lowercase`, `write decision: ${d.toLowerCase()}`));
    }
  });
  const specific = new Set(out.map((d) => d.pointer));
  for (const d of validateDoc("safety-policy", doc)) if (!specific.has(d.pointer)) out.push(d);
  const loadable = !out.some((d) => d.severity === "error");
  if (rules.length > 0 || otherRules) out.push(...inertTenantLists(doc, rules.length > 0));
  return { diagnostics: out, loadable };
}

function inertTenantLists(doc: SourceDoc, ownRules: boolean): Diagnostic[] {
  const tenants = (doc.value as Record<string, unknown>).tenants;
  if (!isRecord(tenants)) return [];
  const out: Diagnostic[] = [];
  for (const [name, t] of Object.entries(tenants)) {
    if (!isRecord(t)) continue;
    for (const key of ["allow_topics", "deny_topics"]) {
      const list = t[key];
      if (!Array.isArray(list) || list.length === 0) continue;
      const why = ownRules ? "this policy has rules" : "other bundles contribute rules";
      out.push(makeDiagnostic("PK503", doc.locate(pointer(["tenants", name, key]), "key"), `tenants.${name}.${key} has no effect: ${why}, so the kernel ignores tenant topic lists`, key === "deny_topics" ? "express it as a deny rule" : "remove it, or express it as an allow rule (the default is already allow)"));
    }
  }
  return out;
}
