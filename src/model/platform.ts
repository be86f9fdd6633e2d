/**
 * MAPLE platform packs (seed 004; `contracts/platform-pack`, shared research §3). The config is
 * MAPLE's `PlatformPackConfig` in its own snake_case field names, read only after it passed
 * `schemas/platform-pack.schema.json`, so every field below is present.
 */

/** `PlatformProfile` (MAPLE has no `Custom` variant). */
export type PlatformProfile = "mapleverse" | "finalverse" | "ibank" | "development";

/** A liveness/readiness/startup probe (`ProbeSettings`; the seed calls it `ProbeConfig`). Times in seconds. */
export interface ProbeSettings {
  enabled: boolean;
  timeout_secs: number;
  period_secs: number;
  failure_threshold: number;
  success_threshold: number;
}

/** The parts of `PlatformPackConfig` packc's rules, conformance tests and decisions read. */
export interface PlatformConfig {
  metadata: {
    name: string;
    version: string;
    compatibility: { min_palm_version: string; max_palm_version?: string | null; required_features?: string[] };
  };
  policy: {
    human_approval: { always_required: string[]; threshold_required: { operation: string; threshold_type: string; threshold_value: number }[]; approval_timeout_secs: number; allow_auto_approval: boolean };
    limits: { max_concurrent_deployments: number; max_scale_up: number; max_scale_down: number; rate_limit_per_minute: number };
    safety_holds: { enabled: boolean; blocked_operations: string[]; auto_release_after_secs?: number | null };
    accountability: { require_proof: boolean; require_pre_audit: boolean; reconciliation_required: string[] };
  };
  health: { check_interval_secs: number; probes: { liveness: ProbeSettings }; resonance: { attention_exhaustion_threshold: number } };
  state: {
    checkpoint: { auto_checkpoint: boolean; interval_secs: number };
    retention: { checkpoint_retention_days: number; audit_retention_days: number };
    migration: { enable_live_migration: boolean };
    serialization: { encrypt_at_rest: boolean; encryption_key_id?: string | null };
  };
  resources: {
    defaults: { cpu_millicores: number; memory_mb: number };
    limits: { max_cpu_millicores: number; max_memory_mb: number };
    scaling: { min_instances: number; max_instances: number; scale_up_threshold: number; scale_down_threshold: number };
  };
  recovery: {
    auto_recovery: { enabled: boolean; max_attempts: number; recovery_actions: { action_type: unknown }[] };
    circuit_breaker: { enabled: boolean; failure_threshold: number; success_threshold: number };
  };
  capabilities: PlatformCapabilities;
}

/** MAPLE's `PlatformCapabilities`: a pack's own, or a PALM runtime's (`packc.yaml` `runtime.palm`). */
export interface PlatformCapabilities {
  max_deployments?: number | null;
  max_instances_per_deployment?: number | null;
  max_total_instances?: number | null;
  supports_migration: boolean;
  supports_hot_reload: boolean;
  supports_canary: boolean;
  supports_human_approval: boolean;
  supports_checkpoints: boolean;
  custom?: Record<string, unknown>;
}

/** A conformance test's outcome (`TestResult`: Passed | Failed | Skipped). */
export type TestStatus = "passed" | "failed" | "skipped";

/** One conformance test result, as MAPLE's runner reports it, with where packc points for it. */
export interface ConformanceResult {
  test: string;
  category: "core" | "behavioral" | "platform_specific";
  status: TestStatus;
  /** Why it failed or was skipped; what it checked when it passed. */
  reason: string;
  warnings: string[];
  /** Pointer into the manifest of the value that decided a failure or warning ("" otherwise). */
  pointer: string;
}

/** A platform decision, most restrictive last: ALLOW < REQUIRE_APPROVAL < HOLD < DENY. */
export type PlatformDecision = "ALLOW" | "REQUIRE_APPROVAL" | "HOLD" | "DENY";

/** The request a decision is made for. `replicas`: instances created (create) or added/removed (scale). */
export interface OperationRequest {
  operation: string;
  environment: string;
  actor_type: "human" | "system" | "service";
  replicas: number;
}

/** The decision for one PALM operation, the rule that decided it and what else applies. */
export interface OperationDecision {
  /** packc's operation key, e.g. `scale_up`, `force_recovery` (docs/platform.md). */
  operation: string;
  /** The `PalmOperation` variant it is. */
  palm: string;
  decision: PlatformDecision;
  /** The deciding rule as a pointer-like path, e.g. `policy.safety_holds.blocked_operations[1]`; "default" for ALLOW. */
  rule: string;
  reason: string;
  /** Accountability obligations (proof, pre-audit, reconciliation) that apply whatever the decision. */
  obligations: string[];
  /** Rules that would change the decision in another context (thresholds, auto-approval). */
  conditions: string[];
}

/** A platform pack's simulation and its outcome. */
export interface PlatformSimulationResult {
  name: string;
  request: OperationRequest;
  expected: string;
  actual: PlatformDecision;
  rule: string;
  pass: boolean;
}

/** What a platform pack version contributes: its profile and config, and results computed once. */
export interface PlatformContent {
  profile: PlatformProfile;
  config: PlatformConfig & Record<string, unknown>;
  conformance: ConformanceResult[];
  conformant: boolean;
  decisions: OperationDecision[];
  simulations: PlatformSimulationResult[];
}
