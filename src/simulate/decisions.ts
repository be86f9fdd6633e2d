import type { DecisionName } from "../model/policy.js";

/**
 * The kernel's decision for a rule's `decision` string, after its evaluation-time normalisation
 * (`permit` → allow, `block` → deny, `require-approval`/`require_human` → require_approval,
 * `allow-with-constraints` → allow_with_constraints; unknown values → allow). Cordum
 * core/infra/config/safety_policy.go.
 */
export function ruleDecision(raw: string | undefined): DecisionName {
  switch ((raw ?? "").trim().toLowerCase()) {
    case "deny":
    case "block":
      return "DENY";
    case "require_approval":
    case "require-approval":
    case "require_human":
      return "REQUIRE_APPROVAL";
    case "allow_with_constraints":
    case "allow-with-constraints":
      return "ALLOW_WITH_CONSTRAINTS";
    case "throttle":
      return "THROTTLE";
    default:
      return "ALLOW";
  }
}

const EXPECTED: Record<string, DecisionName> = {
  ALLOW: "ALLOW",
  DECISION_TYPE_ALLOW: "ALLOW",
  DENY: "DENY",
  DECISION_TYPE_DENY: "DENY",
  REQUIRE_APPROVAL: "REQUIRE_APPROVAL",
  REQUIRE_HUMAN: "REQUIRE_APPROVAL",
  DECISION_TYPE_REQUIRE_HUMAN: "REQUIRE_APPROVAL",
  ALLOW_WITH_CONSTRAINTS: "ALLOW_WITH_CONSTRAINTS",
  DECISION_TYPE_ALLOW_WITH_CONSTRAINTS: "ALLOW_WITH_CONSTRAINTS",
  THROTTLE: "THROTTLE",
  DECISION_TYPE_THROTTLE: "THROTTLE",
};

/**
 * A simulation's `expectDecision` as `cordumctl pack verify` compares it: trimmed and
 * upper-cased, then mapped; anything else stays the upper-cased string (so `require-approval`
 * never equals REQUIRE_APPROVAL). Returns the normalized value and whether it is a kernel decision.
 */
export function expectedDecision(raw: string): { value: string; known: boolean } {
  const up = raw.trim().toUpperCase();
  const mapped = EXPECTED[up];
  return mapped ? { value: mapped, known: true } : { value: up, known: false };
}
