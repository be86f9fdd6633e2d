import type { ConformanceResult, PlatformConfig, PlatformProfile } from "../../model/platform.js";
import { capabilityMismatches, isError, validatePack, type Finding } from "./validate-pack.js";

type Check = { message: string; pointer: string } | null;
type Category = ConformanceResult["category"];

const passed = (test: string, category: Category, reason: string, warnings: { message: string; pointer: string }[] = []): ConformanceResult => ({
  test,
  category,
  status: "passed",
  reason,
  warnings: warnings.map((w) => w.message),
  pointer: warnings[0]?.pointer ?? "",
});
const failed = (test: string, category: Category, problems: { message: string; pointer: string }[]): ConformanceResult => ({
  test,
  category,
  status: "failed",
  reason: problems.map((p) => p.message).join("; "),
  warnings: [],
  pointer: problems[0]!.pointer,
});
/** A test that fails with every problem found, or passes. */
const all = (test: string, category: Category, ok: string, checks: Check[]) => {
  const problems = checks.filter((c): c is NonNullable<Check> => c !== null);
  return problems.length ? failed(test, category, problems) : passed(test, category, ok);
};
/** A test that fails with the first problem found, as most of MAPLE's tests return early. */
const first = (test: string, category: Category, ok: string, checks: (() => Check)[]) => {
  for (const c of checks) {
    const problem = c();
    if (problem) return failed(test, category, [problem]);
  }
  return passed(test, category, ok);
};
const when = (cond: boolean, message: string, pointer: string): Check => (cond ? { message, pointer } : null);

/** MAPLE's `{:?}` name of a profile, lower-cased (`IBank` → `ibank`). */
const DEBUG_NAME: Record<PlatformProfile, string> = { mapleverse: "mapleverse", finalverse: "finalverse", ibank: "ibank", development: "development" };

/**
 * MAPLE's `ConformanceRunner::run` with the default config (core, behavioral and
 * platform-specific tests; `contracts/conformance/src/framework.rs`), on a declarative pack:
 * - core: `metadata_completeness`, `config_validity` (`validate_pack` errors fail it; its
 *   warnings are attached), `capability_consistency`, `lifecycle_callbacks` (a declarative pack
 *   has the trait's no-op callbacks: passes), `profile_matches` (only ever warns);
 * - behavioral: `agent_spec_validation` (a declarative pack has no custom spec validation:
 *   passes), `resource_limits`;
 * - platform-specific: three tests each for Mapleverse, Finalverse and iBank; Development gets
 *   one skipped test, `platform_specific`.
 * `findings` are `validatePack(c)`, passed in when the caller already has them. Messages are MAPLE's. The pack is conformant when no test failed. The documented variant
 * (`platform_tests.rs`, docs/conformance.md) differs; see docs/platform.md.
 */
export function runConformance(profile: PlatformProfile, c: PlatformConfig, findings: readonly Finding[] = validatePack(c)): ConformanceResult[] {
  const m = c.metadata;
  const errors = findings.filter(isError);
  const results: ConformanceResult[] = [
    all("metadata_completeness", "core", "name, version and min_palm_version are set", [
      when(m.name === "", "metadata.name is empty", "/metadata/name"),
      when(m.version === "", "metadata.version is empty", "/metadata/version"),
      when(m.compatibility.min_palm_version === "", "metadata.min_palm_version is empty", "/metadata/compatibility/min_palm_version"),
    ]),
    errors.length
      ? failed("config_validity", "core", errors.map((e) => ({ message: e.message, pointer: e.pointer })))
      : passed("config_validity", "core", "validate_pack found no errors", findings.filter((f) => !isError(f) && f.maple !== "SUGGESTION").map((f) => ({ message: f.message, pointer: f.pointer }))),
    (() => {
      const mismatches = capabilityMismatches(c).map((f) => ({ message: f.message, pointer: f.pointer }));
      return mismatches.length ? failed("capability_consistency", "core", mismatches) : passed("capability_consistency", "core", "capabilities agree with the state and policy config");
    })(),
    passed("lifecycle_callbacks", "core", "a declarative pack has no on_load/on_unload code to fail"),
    profileMatches(profile, m.name),
    passed("agent_spec_validation", "behavioral", "a declarative pack accepts any agent spec (no custom validate_agent_spec)"),
    all("resource_limits", "behavioral", "resource defaults are within their limits", [
      when(c.resources.defaults.cpu_millicores > c.resources.limits.max_cpu_millicores, "Default CPU exceeds max limit", "/resources/defaults/cpu_millicores"),
      when(c.resources.defaults.memory_mb > c.resources.limits.max_memory_mb, "Default memory exceeds max limit", "/resources/defaults/memory_mb"),
    ]),
  ];
  return [...results, ...platformTests(profile, c)];
}

function profileMatches(profile: PlatformProfile, name: string): ConformanceResult {
  const p = DEBUG_NAME[profile];
  const n = name.toLowerCase();
  if (n.includes(p) || p.includes(n)) return passed("profile_matches", "core", `the name relates to profile ${profile}`);
  return passed("profile_matches", "core", "profile_matches only ever warns", [{ message: `Profile ${profile} may not match metadata name '${name}'`, pointer: "/metadata/name" }]);
}

function platformTests(profile: PlatformProfile, c: PlatformConfig): ConformanceResult[] {
  const p = c.policy;
  const caps = c.capabilities;
  const attempts = c.recovery.auto_recovery.max_attempts;
  const P = "platform_specific" as const;
  switch (profile) {
    case "mapleverse":
      return [
        all("mapleverse_throughput_config", P, "supports 100k instances and a high rate limit", [
          when(typeof caps.max_total_instances === "number" && caps.max_total_instances < 100000, `Mapleverse should support >100k instances, got ${caps.max_total_instances}`, "/capabilities/max_total_instances"),
          when(p.limits.rate_limit_per_minute < 100, `Mapleverse should have high rate limit, got ${p.limits.rate_limit_per_minute}`, "/policy/limits/rate_limit_per_minute"),
        ]),
        first("mapleverse_no_human_approval", P, "no human approval anywhere", [
          () => when(caps.supports_human_approval, "Mapleverse should not support human approval", "/capabilities/supports_human_approval"),
          () => when(p.human_approval.always_required.length > 0, "Mapleverse should not require human approval", "/policy/human_approval/always_required"),
        ]),
        first("mapleverse_fast_recovery", P, "at least 5 recovery attempts", [
          () => when(attempts < 5, `Mapleverse should allow many recovery attempts, got ${attempts}`, "/recovery/auto_recovery/max_attempts"),
        ]),
      ];
    case "finalverse": {
      const restore = c.recovery.auto_recovery.recovery_actions.some((a) => a.action_type === "restore_checkpoint");
      const conservative = attempts > 5
        ? failed("finalverse_conservative_recovery", P, [{ message: `Finalverse should have conservative recovery attempts, got ${attempts}`, pointer: "/recovery/auto_recovery/max_attempts" }])
        : passed("finalverse_conservative_recovery", P, "at most 5 recovery attempts", restore ? [] : [{ message: "Finalverse should include checkpoint restore in recovery actions", pointer: "/recovery/auto_recovery/recovery_actions" }]);
      return [
        first("finalverse_human_approval", P, "human approval supported and required for destructive operations", [
          () => when(!caps.supports_human_approval, "Finalverse must support human approval", "/capabilities/supports_human_approval"),
          () => when(p.human_approval.always_required.length === 0, "Finalverse must require human approval for destructive operations", "/policy/human_approval/always_required"),
        ]),
        first("finalverse_safety_holds", P, "safety holds enabled with blocked operations", [
          () => when(!p.safety_holds.enabled, "Finalverse must have safety holds enabled", "/policy/safety_holds/enabled"),
          () => when(p.safety_holds.blocked_operations.length === 0, "Finalverse must block operations during safety hold", "/policy/safety_holds/blocked_operations"),
        ]),
        conservative,
      ];
    }
    case "ibank":
      return [
        first("ibank_accountability", P, "proof, pre-audit and reconciliation required", [
          () => when(!p.accountability.require_proof, "iBank must require accountability proof", "/policy/accountability/require_proof"),
          () => when(!p.accountability.require_pre_audit, "iBank must require pre-audit entries", "/policy/accountability/require_pre_audit"),
          () => when(p.accountability.reconciliation_required.length === 0, "iBank must have reconciliation requirements", "/policy/accountability/reconciliation_required"),
        ]),
        first("ibank_no_force_operations", P, "force_recovery and force_restart held, never auto-released", [
          () => when(!p.safety_holds.enabled, "iBank must have safety holds enabled", "/policy/safety_holds/enabled"),
          () => when(!p.safety_holds.blocked_operations.includes("force_recovery"), "iBank must block force_recovery operation", "/policy/safety_holds/blocked_operations"),
          () => when(!p.safety_holds.blocked_operations.includes("force_restart"), "iBank must block force_restart operation", "/policy/safety_holds/blocked_operations"),
          () => when((p.safety_holds.auto_release_after_secs ?? null) !== null, "iBank safety holds should never auto-release", "/policy/safety_holds/auto_release_after_secs"),
        ]),
        first("ibank_audit_retention", P, "audit logs kept 180 days, checkpoints 30", [
          () => when(c.state.retention.audit_retention_days < 180, `iBank must retain audit logs for at least 180 days, got ${c.state.retention.audit_retention_days} days`, "/state/retention/audit_retention_days"),
          () => when(c.state.retention.checkpoint_retention_days < 30, `iBank should keep checkpoints longer, got ${c.state.retention.checkpoint_retention_days} days`, "/state/retention/checkpoint_retention_days"),
        ]),
      ];
    case "development":
      return [{ test: "platform_specific", category: P, status: "skipped", reason: "No platform-specific tests for this profile", warnings: [], pointer: "" }];
  }
}
