import type { OperationDecision, OperationRequest, PlatformConfig, PlatformDecision } from "../../model/platform.js";
import { OPERATIONS, operationKeys } from "./operations.js";

/** Most restrictive last, as PALM's `MostRestrictive` composition ranks them (Deny > Hold > RequiresApproval > Allow). */
const RANK: Record<PlatformDecision, number> = { ALLOW: 0, REQUIRE_APPROVAL: 1, HOLD: 2, DENY: 3 };

/** The request the decision matrix is made for: a human in production, one instance. */
export const MATRIX_REQUEST: Omit<OperationRequest, "operation"> = { environment: "production", actor_type: "human", replicas: 1 };

/** `production` or `prod`, as PALM's `PolicyEvaluationContext` reads the environment. */
export function isProduction(environment: string): boolean {
  return ["production", "prod"].includes(environment.trim().toLowerCase());
}

type Verdict = { decision: PlatformDecision; rule: string; reason: string };

/** One gate of {@link decide} as it judged a request (`packc explain --operation`). */
export interface GateStep {
  gate: "limits" | "safety holds" | "approvals";
  /** The gate's verdict, or null when it lets the request through. */
  decision: PlatformDecision | null;
  rule: string | null;
  /** What the gate looked at and concluded, in words. */
  reason: string;
}

/**
 * Decides one PALM operation request from the pack's declared `PlatformPolicyConfig` (MAPLE's
 * policy engine never reads it; this is packc's documented reading, docs/platform.md). Three
 * gates, in this order:
 * 1. limits: scaling up or down by more than `max_scale_up`/`max_scale_down`, or creating a
 *    deployment with more instances than `capabilities.max_instances_per_deployment`: DENY;
 * 2. safety holds: an operation `blocked_operations` covers while holds are enabled: HOLD;
 * 3. approvals: an `always_required` operation, or a `threshold_required` one whose
 *    `instance_count` the request exceeds: REQUIRE_APPROVAL — granted automatically (ALLOW) when
 *    `allow_auto_approval` is on and a system or service actor asks outside production.
 * The gates combine most restrictive first (DENY > HOLD > REQUIRE_APPROVAL > ALLOW), as PALM's
 * Finalverse composition does; on a tie the earlier gate names the rule. `obligations` lists
 * the accountability duties (proof and pre-audit for mutable operations, reconciliation where
 * listed); `conditions` the rules that would decide otherwise for another request. `gates`,
 * when given, receives each gate's verdict in order (for `packc explain`).
 */
export function decide(c: PlatformConfig, req: OperationRequest, gates?: GateStep[]): OperationDecision {
  const op = OPERATIONS.find((o) => o.key === req.operation);
  if (!op) throw new Error(`packc bug: no PALM operation ${req.operation}`);
  const p = c.policy;
  const covers = (names: readonly string[]) => names.flatMap((n, i) => (operationKeys(n).includes(op.key) ? [i] : []));
  const verdicts: Verdict[] = [];
  const conditions: string[] = [];

  const limit = (name: string, max: number | null | undefined, rule: string, verb: string) => {
    if (typeof max !== "number") return;
    conditions.push(`DENY when ${verb} more than ${max} instances (${rule})`);
    if (req.replicas > max) verdicts.push({ decision: "DENY", rule, reason: `${verb} ${req.replicas} instances exceeds ${name} ${max}` });
  };
  if (op.key === "scale_up") limit("max_scale_up", p.limits.max_scale_up, "policy.limits.max_scale_up", "scaling up by");
  if (op.key === "scale_down") limit("max_scale_down", p.limits.max_scale_down, "policy.limits.max_scale_down", "scaling down by");
  if (op.key === "create_deployment") limit("max_instances_per_deployment", c.capabilities.max_instances_per_deployment, "capabilities.max_instances_per_deployment", "creating");
  const denied = verdicts.find((v) => v.decision === "DENY");
  gates?.push(denied ? { gate: "limits", ...denied } : { gate: "limits", decision: null, rule: null, reason: ["scale_up", "scale_down", "create_deployment"].includes(op.key) ? `${req.replicas} instances is within the limit (or no limit is set)` : `no limit applies to ${op.key}` });

  if (p.safety_holds.enabled) {
    const i = covers(p.safety_holds.blocked_operations)[0];
    if (i !== undefined) {
      const release = p.safety_holds.auto_release_after_secs;
      verdicts.push({ decision: "HOLD", rule: `policy.safety_holds.blocked_operations[${i}]`, reason: `held by a safety hold${typeof release === "number" ? `, released after ${release} s` : ", never released automatically"}` });
    }
  }
  const held = verdicts.find((v) => v.decision === "HOLD");
  gates?.push(held ? { gate: "safety holds", ...held } : { gate: "safety holds", decision: null, rule: null, reason: p.safety_holds.enabled ? `no blocked operation covers ${op.key}` : "safety holds are disabled" });

  const approvals: Verdict[] = [];
  const always = covers(p.human_approval.always_required)[0];
  if (always !== undefined) approvals.push({ decision: "REQUIRE_APPROVAL", rule: `policy.human_approval.always_required[${always}]`, reason: "always requires human approval" });
  p.human_approval.threshold_required.forEach((t, i) => {
    if (!operationKeys(t.operation).includes(op.key)) return;
    const rule = `policy.human_approval.threshold_required[${i}]`;
    if (t.threshold_type !== "instance_count") {
      conditions.push(`${rule}: threshold_type "${t.threshold_type}" is not decided statically`);
      return;
    }
    conditions.push(`REQUIRE_APPROVAL when more than ${t.threshold_value} instances (${rule})`);
    if (req.replicas > t.threshold_value) approvals.push({ decision: "REQUIRE_APPROVAL", rule, reason: `${req.replicas} instances exceed the approval threshold ${t.threshold_value}` });
  });
  const auto = p.human_approval.allow_auto_approval;
  if (approvals.length && auto) conditions.push("approval granted automatically for system and service actors outside production (policy.human_approval.allow_auto_approval)");
  if (approvals.length && auto && req.actor_type !== "human" && !isProduction(req.environment)) {
    const granted: Verdict = { decision: "ALLOW", rule: "policy.human_approval.allow_auto_approval", reason: `approval granted automatically (${approvals[0]!.rule})` };
    verdicts.push(granted);
    gates?.push({ gate: "approvals", ...granted, reason: `${approvals[0]!.reason} (${approvals[0]!.rule}), granted automatically: a ${req.actor_type} actor outside production` });
  } else {
    verdicts.push(...approvals);
    gates?.push(approvals.length ? { gate: "approvals", ...approvals[0]!, reason: approvals.length === 1 ? approvals[0]!.reason : approvals.map((a) => `${a.reason} (${a.rule})`).join("; ") } : { gate: "approvals", decision: null, rule: null, reason: `no approval rule covers ${op.key} with ${req.replicas} instances` });
  }

  let best: Verdict = { decision: "ALLOW", rule: "default", reason: "no rule restricts it" };
  for (const v of verdicts) if (RANK[v.decision] > RANK[best.decision] || (best.rule === "default" && v.rule !== "default")) best = v;

  const obligations: string[] = [];
  if (op.mutable && p.accountability.require_proof) obligations.push("proof");
  if (op.mutable && p.accountability.require_pre_audit) obligations.push("pre_audit");
  const rec = covers(p.accountability.reconciliation_required)[0];
  if (rec !== undefined) obligations.push(`reconciliation (policy.accountability.reconciliation_required[${rec}])`);
  return { operation: op.key, palm: op.palm, ...best, obligations, conditions };
}

/** One decision per PALM operation key, for {@link MATRIX_REQUEST}. */
export function decisionMatrix(c: PlatformConfig): OperationDecision[] {
  return OPERATIONS.map((o) => decide(c, { operation: o.key, ...MATRIX_REQUEST }));
}
