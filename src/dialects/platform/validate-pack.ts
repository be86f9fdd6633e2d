import type { Code } from "../../diagnostics/codes.js";
import { CODES } from "../../diagnostics/codes.js";
import type { PlatformCapabilities, PlatformConfig } from "../../model/platform.js";

/** One finding of MAPLE's `validate_pack` or `validate_runtime_compatibility`, with packc's code. */
export interface Finding {
  code: Code;
  /** MAPLE's code (`INVALID_LIMIT`), or `SUGGESTION` for its suggestions. */
  maple: string;
  /** MAPLE's message. */
  message: string;
  /** Pointer into the manifest of the offending value. */
  pointer: string;
}

/** True when the finding is an error (MAPLE error or critical), false for warnings and suggestions. */
export function isError(f: Finding): boolean {
  return CODES[f.code].severity === "error";
}

/**
 * MAPLE's `validate_pack` (`contracts/platform-pack/src/validation.rs`), check for check and in
 * its order: metadata, policy, health, state, resources, recovery, capability consistency.
 * `NON_SEMVER_VERSION` is not here: packc resolves by SemVer and reports it as PK208 (an error).
 * The suggestion for auto-approval next to always-required operations is a warning (PK606).
 */
export function validatePack(c: PlatformConfig): Finding[] {
  const out: Finding[] = [];
  const add = (code: Code, maple: string, message: string, pointer: string) => out.push({ code, maple, message, pointer });
  const m = c.metadata;
  if (m.name === "") add("PK601", "INVALID_NAME", "Platform name cannot be empty", "/metadata/name");
  if (![...m.name].every((ch) => /[\p{L}\p{N}_-]/u.test(ch))) add("PK602", "INVALID_NAME_CHARS", "Platform name must contain only alphanumeric characters, underscores, or hyphens", "/metadata/name");
  if (m.version === "") add("PK603", "INVALID_VERSION", "Platform version cannot be empty", "/metadata/version");
  const p = c.policy;
  if (p.limits.max_concurrent_deployments === 0) add("PK604", "INVALID_LIMIT", "max_concurrent_deployments must be greater than 0", "/policy/limits/max_concurrent_deployments");
  if (p.limits.rate_limit_per_minute === 0) add("PK605", "ZERO_RATE_LIMIT", "rate_limit_per_minute is 0, which will block all operations", "/policy/limits/rate_limit_per_minute");
  if (p.human_approval.allow_auto_approval && p.human_approval.always_required.length) {
    add("PK606", "SUGGESTION", "auto_approval is enabled but some operations always require approval; consider disabling auto_approval for stricter control", "/policy/human_approval/allow_auto_approval");
  }
  const h = c.health;
  if (h.check_interval_secs === 0) add("PK607", "INVALID_INTERVAL", "check_interval_secs must be greater than 0", "/health/check_interval_secs");
  if (h.probes.liveness.timeout_secs >= h.probes.liveness.period_secs) add("PK608", "TIMEOUT_EXCEEDS_PERIOD", "Liveness probe timeout should be less than period to avoid overlap", "/health/probes/liveness/timeout_secs");
  const t = h.resonance.attention_exhaustion_threshold;
  if (t > 1 || t < 0) add("PK609", "INVALID_THRESHOLD", "attention_exhaustion_threshold must be between 0 and 1", "/health/resonance/attention_exhaustion_threshold");
  const s = c.state;
  if (s.checkpoint.auto_checkpoint && s.checkpoint.interval_secs === 0) add("PK610", "INVALID_CHECKPOINT_INTERVAL", "Checkpoint interval must be greater than 0 when auto_checkpoint is enabled", "/state/checkpoint/interval_secs");
  if (s.serialization.encrypt_at_rest && (s.serialization.encryption_key_id ?? null) === null) {
    add("PK611", "MISSING_ENCRYPTION_KEY", "encrypt_at_rest is enabled but encryption_key_id is not set; key must be provided at runtime", "/state/serialization/encrypt_at_rest");
  }
  const r = c.resources;
  if (r.defaults.cpu_millicores > r.limits.max_cpu_millicores) add("PK612", "DEFAULT_EXCEEDS_LIMIT", "Default CPU allocation exceeds maximum limit", "/resources/defaults/cpu_millicores");
  if (r.defaults.memory_mb > r.limits.max_memory_mb) add("PK612", "DEFAULT_EXCEEDS_LIMIT", "Default memory allocation exceeds maximum limit", "/resources/defaults/memory_mb");
  if (r.scaling.min_instances > r.scaling.max_instances) add("PK613", "INVALID_SCALING_RANGE", "Minimum instances cannot exceed maximum instances", "/resources/scaling/min_instances");
  if (r.scaling.scale_up_threshold <= r.scaling.scale_down_threshold) add("PK614", "OVERLAPPING_THRESHOLDS", "Scale-up threshold should be greater than scale-down threshold to avoid scaling oscillation", "/resources/scaling/scale_up_threshold");
  const rec = c.recovery;
  if (rec.auto_recovery.enabled && rec.auto_recovery.max_attempts === 0) add("PK615", "INVALID_RECOVERY_ATTEMPTS", "max_attempts must be greater than 0 when auto_recovery is enabled", "/recovery/auto_recovery/max_attempts");
  if (rec.circuit_breaker.enabled) {
    if (rec.circuit_breaker.failure_threshold === 0) add("PK616", "INVALID_CIRCUIT_BREAKER", "Circuit breaker failure_threshold must be greater than 0", "/recovery/circuit_breaker/failure_threshold");
    if (rec.circuit_breaker.success_threshold === 0) add("PK616", "INVALID_CIRCUIT_BREAKER", "Circuit breaker success_threshold must be greater than 0", "/recovery/circuit_breaker/success_threshold");
  }
  out.push(...capabilityMismatches(c));
  return out;
}

/**
 * The three capability mismatches (PK617), shared by `validate_pack` and the conformance test
 * `capability_consistency`: live migration without `supports_migration`, always-required
 * approvals without `supports_human_approval`, auto checkpoints without `supports_checkpoints`.
 */
export function capabilityMismatches(c: PlatformConfig): Finding[] {
  const out: Finding[] = [];
  const caps = c.capabilities;
  if (c.state.migration.enable_live_migration && !caps.supports_migration) {
    out.push({ code: "PK617", maple: "CAPABILITY_MISMATCH", message: "Live migration is enabled in state config but supports_migration capability is false", pointer: "/capabilities/supports_migration" });
  }
  if (c.policy.human_approval.always_required.length && !caps.supports_human_approval) {
    out.push({ code: "PK617", maple: "CAPABILITY_MISMATCH", message: "Human approval is required for some operations but supports_human_approval is false", pointer: "/capabilities/supports_human_approval" });
  }
  if (c.state.checkpoint.auto_checkpoint && !caps.supports_checkpoints) {
    out.push({ code: "PK617", maple: "CAPABILITY_MISMATCH", message: "Auto checkpoint is enabled but supports_checkpoints capability is false", pointer: "/capabilities/supports_checkpoints" });
  }
  return out;
}

const BUILT_IN_FEATURES: Readonly<Record<string, keyof PlatformCapabilities>> = {
  live_migration: "supports_migration",
  hot_reload: "supports_hot_reload",
  human_approval: "supports_human_approval",
  checkpoints: "supports_checkpoints",
  canary_deployments: "supports_canary",
};

/**
 * MAPLE's `validate_runtime_compatibility` against the PALM runtime `runtime` (its
 * PlatformCapabilities, as `packc.yaml` declares it): each `required_features` entry must be a
 * built-in capability the runtime supports (`live_migration`, `hot_reload`, `human_approval`,
 * `checkpoints`, `canary_deployments`) or a key of its `custom` capabilities (PK618, critical in
 * MAPLE); `max_concurrent_deployments` above the runtime's `max_deployments` is a warning
 * (PK619). Without a declared runtime nothing is checked: MAPLE runs this check only against a
 * runtime, and a pack's own capabilities are not one (its presets require features they do not
 * declare themselves).
 */
export function runtimeCompatibility(c: PlatformConfig, runtime: PlatformCapabilities | null | undefined): Finding[] {
  const out: Finding[] = [];
  if (!runtime) return out;
  const caps = runtime;
  (c.metadata.compatibility.required_features ?? []).forEach((feature, i) => {
    const flag = BUILT_IN_FEATURES[feature];
    const supported = flag ? caps[flag] === true : Object.hasOwn(caps.custom ?? {}, feature);
    if (!supported) {
      out.push({ code: "PK618", maple: "UNSUPPORTED_FEATURE", message: `Required feature '${feature}' is not supported by the runtime`, pointer: `/metadata/compatibility/required_features/${i}` });
    }
  });
  const max = caps.max_deployments;
  if (typeof max === "number" && c.policy.limits.max_concurrent_deployments > max) {
    out.push({ code: "PK619", maple: "EXCEEDS_RUNTIME_LIMIT", message: `Configured max_concurrent_deployments (${c.policy.limits.max_concurrent_deployments}) exceeds runtime limit (${max})`, pointer: "/policy/limits/max_concurrent_deployments" });
  }
  return out;
}
