import type { ChangeSet, DecisionSide } from "./changes.js";

/** Whether a decision flip gives less control (loosened), more (tightened), or neither can be said (changed). */
export type FlipDirection = "loosened" | "tightened" | "changed";

/**
 * How much control each decision keeps, least first. Cordum's kernel decisions (CAP's
 * `DecisionType`): ALLOW runs the job; ALLOW_WITH_CONSTRAINTS runs it within limits; THROTTLE
 * runs it later, rate-limited; REQUIRE_APPROVAL waits for a person (CAP's REQUIRE_HUMAN); DENY
 * never runs it. MAPLE's PALM gates order their own decisions the same way (ALLOW <
 * REQUIRE_APPROVAL < HOLD < DENY, `model/platform.ts`): a safety HOLD blocks an operation until a
 * release, so it sits between an approval and a denial.
 */
const CONTROL: Readonly<Record<string, number>> = { ALLOW: 0, ALLOW_WITH_CONSTRAINTS: 1, THROTTLE: 2, REQUIRE_APPROVAL: 3, HOLD: 4, DENY: 5 };

/**
 * The direction of a flip from `old` to `new`: loosened when the new decision keeps less control
 * (DENY, HOLD or REQUIRE_APPROVAL → ALLOW; DENY → REQUIRE_APPROVAL; a throttle or constraints
 * removed), tightened when it keeps more, changed when a side is missing (a topic or operation
 * only one side simulates) or a decision is not one packc knows.
 */
export function flipDirection(old: DecisionSide | null, now: DecisionSide | null): FlipDirection {
  const a = old ? CONTROL[old.decision] : undefined;
  const b = now ? CONTROL[now.decision] : undefined;
  if (a === undefined || b === undefined || a === b) return "changed";
  return b < a ? "loosened" : "tightened";
}

/** Loosened flips first, then tightened, then the rest: what a reviewer must not miss comes first. */
export const DIRECTION_ORDER: Readonly<Record<FlipDirection, number>> = { loosened: 0, tightened: 1, changed: 2 };

/** The decision flips of a change set, counted by direction. */
export function flipCounts(cs: ChangeSet): Record<FlipDirection, number> {
  const counts: Record<FlipDirection, number> = { loosened: 0, tightened: 0, changed: 0 };
  for (const t of cs.tenants) for (const f of t.flips) counts[f.direction]++;
  return counts;
}
