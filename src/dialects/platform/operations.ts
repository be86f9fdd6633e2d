import { closest } from "../../util/suggest.js";

/**
 * The PALM operations packc decides, one row per operation key (`PalmOperation` in
 * `crates/palm/types/src/policy.rs`, shared research §3.5). A key is the variant's snake_case
 * name, except that `ScaleDeployment` splits into `scale_up`/`scale_down` and `RestartInstance`
 * and `TerminateInstance` have forced forms `force_restart`/`force_terminate`, because MAPLE's
 * presets name those.
 */
export const OPERATIONS: readonly { key: string; palm: string; mutable: boolean }[] = [
  { key: "create_spec", palm: "CreateSpec", mutable: true },
  { key: "update_spec", palm: "UpdateSpec", mutable: true },
  { key: "deprecate_spec", palm: "DeprecateSpec", mutable: true },
  { key: "create_deployment", palm: "CreateDeployment", mutable: true },
  { key: "update_deployment", palm: "UpdateDeployment", mutable: true },
  { key: "scale_up", palm: "ScaleDeployment", mutable: true },
  { key: "scale_down", palm: "ScaleDeployment", mutable: true },
  { key: "delete_deployment", palm: "DeleteDeployment", mutable: true },
  { key: "rollback_deployment", palm: "RollbackDeployment", mutable: true },
  { key: "pause_deployment", palm: "PauseDeployment", mutable: true },
  { key: "resume_deployment", palm: "ResumeDeployment", mutable: true },
  { key: "restart_instance", palm: "RestartInstance", mutable: true },
  { key: "force_restart", palm: "RestartInstance", mutable: true },
  { key: "terminate_instance", palm: "TerminateInstance", mutable: true },
  { key: "force_terminate", palm: "TerminateInstance", mutable: true },
  { key: "migrate_instance", palm: "MigrateInstance", mutable: true },
  { key: "drain_instance", palm: "DrainInstance", mutable: true },
  { key: "create_checkpoint", palm: "CreateCheckpoint", mutable: false },
  { key: "restore_checkpoint", palm: "RestoreCheckpoint", mutable: true },
  { key: "delete_checkpoint", palm: "DeleteCheckpoint", mutable: true },
  { key: "health_check", palm: "HealthCheck", mutable: false },
  { key: "force_recovery", palm: "ForceRecovery", mutable: true },
  { key: "configure_policy", palm: "ConfigurePolicy", mutable: true },
  { key: "view_audit_log", palm: "ViewAuditLog", mutable: false },
];

/**
 * The operation strings a pack may write that name several keys or a shorter form (every key
 * above also names itself). A rule on an unforced operation covers its forced form too.
 */
export const ALIASES: Readonly<Record<string, readonly string[]>> = {
  scale: ["scale_up", "scale_down"],
  scale_deployment: ["scale_up", "scale_down"],
  restart_instance: ["restart_instance", "force_restart"],
  terminate_instance: ["terminate_instance", "force_terminate"],
  migrate: ["migrate_instance"],
  rollback: ["rollback_deployment"],
};

/** The operation keys a pack's operation string covers; empty when it names none. */
export function operationKeys(name: string): readonly string[] {
  const n = name.trim();
  return ALIASES[n] ?? (OPERATIONS.some((o) => o.key === n) ? [n] : []);
}

/** The three known operation strings nearest to an unknown one, for a hint. */
export function nearestOperations(name: string): string[] {
  return closest(name, [...OPERATIONS.map((o) => o.key), ...Object.keys(ALIASES)].filter((k, i, a) => a.indexOf(k) === i));
}
