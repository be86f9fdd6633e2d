import semver from "semver";
import { hasErrors, makeDiagnostic, type Diagnostic } from "../../diagnostics/types.js";
import type { SourceDoc } from "../../load/source-doc.js";
import type { OperationRequest, PlatformConfig, PlatformContent, PlatformProfile, PlatformSimulationResult } from "../../model/platform.js";
import type { PackVersion } from "../../model/pack.js";
import { packIntegrity } from "../../util/digest.js";
import { validateDoc } from "../../validate/schemas.js";
import { checkIdentity } from "../identity.js";
import { isRecord, str } from "../pack-files.js";
import { emptyPack, partial, type PackContext } from "../types.js";
import { runConformance } from "./conformance.js";
import { decide, decisionMatrix, MATRIX_REQUEST } from "./decisions.js";
import { nearestOperations, operationKeys } from "./operations.js";
import { runtimeCompatibility, validatePack } from "./validate-pack.js";

/**
 * Loads a MAPLE platform pack, `platform-pack.toml` (or `.yaml`/`.json`; seed 004, shared
 * research §3): the schema (MAPLE's `PlatformPackConfig`; unknown keys are PK116 warnings, as
 * serde ignores them), identity (`metadata.name`/`metadata.version` against the directory,
 * PK201/PK208), and `compatibility.min/max_palm_version` as the pack's core range. When the
 * config matches its schema, also MAPLE's `validate_pack` and runtime-compatibility codes
 * (PK601–PK619), operation strings (PK640, PK642), the conformance suite (PK630/PK631), the
 * decision for every PALM operation, and the pack's simulations (PK641) — once per pack version.
 */
export function loadPlatform(ctx: PackContext): PackVersion | null {
  const doc = ctx.manifest;
  const schema = validateDoc("platform-pack", doc, { lenient: true });
  schema.forEach(ctx.report);
  const m = doc.value as Record<string, unknown>;
  const meta = isRecord(m.metadata) ? m.metadata : {};
  const pack = emptyPack("platform", ctx.pack, doc.file, ctx.manifestOnly ? "" : packIntegrity(ctx.ws.tree.files, ctx.pack.dir, ctx.pack.files));
  pack.title = str(meta.display_name);
  pack.description = str(meta.description);
  checkIdentity(ctx, str(meta.name), str(meta.version), "/metadata/name", "/metadata/version");
  const compat = isRecord(meta.compatibility) ? meta.compatibility : {};
  pack.requiresCore = palmRange(str(compat.min_palm_version), str(compat.max_palm_version));
  if (ctx.manifestOnly) return partial(pack);
  if (hasErrors(schema)) return pack;

  const config = m as unknown as PlatformConfig & Record<string, unknown>;
  const profile = typeof m.profile === "string" ? (m.profile as PlatformProfile) : profileOf(config.metadata.name);
  const findings = validatePack(config);
  for (const f of [...findings, ...runtimeCompatibility(config, ctx.base.palm)]) {
    ctx.report(makeDiagnostic(f.code, doc.locate(f.pointer), `${f.maple === "SUGGESTION" ? "" : `${f.maple}: `}${f.message}`));
  }
  operationStrings(doc, config).forEach(ctx.report);
  const conformance = runConformance(profile, config, findings);
  for (const r of conformance) {
    if (r.status === "failed") ctx.report(makeDiagnostic("PK630", doc.locate(r.pointer), `conformance test ${r.test} (${profile}) failed: ${r.reason}`, "change the value, or the profile if the pack is meant for another platform"));
    else if (r.warnings.length && r.test !== "config_validity") ctx.report(makeDiagnostic("PK631", doc.locate(r.pointer), `conformance test ${r.test} (${profile}): ${r.warnings.join("; ")}`));
  }
  const simulations = runSimulations(doc, config, m.simulations, ctx.report);
  const content: PlatformContent = { profile, config, conformance, conformant: !conformance.some((r) => r.status === "failed"), decisions: decisionMatrix(config), simulations };
  pack.platform = content;
  return pack;
}

/**
 * The profile MAPLE's runner gives a pack without packc's `profile` override: by its
 * `metadata.name`, case-insensitively (`mapleverse`, `finalverse`, `ibank`); any other name runs
 * the Development profile's tests. An override that the name contradicts is reported by the
 * conformance test `profile_matches` (PK631), as MAPLE's runner warns.
 */
export function profileOf(name: string): PlatformProfile {
  const n = name.trim().toLowerCase();
  return n === "mapleverse" || n === "finalverse" || n === "ibank" ? n : "development";
}

/** `>=min <=max` over the valid bounds (MAPLE `is_compatible_with_palm`: inclusive; an unparsable max is ignored). */
function palmRange(min: string, max: string): string | null {
  const parts = [semver.valid(min) ? `>=${min}` : "", semver.valid(max) ? `<=${max}` : ""].filter(Boolean);
  return parts.length ? parts.join(" ") : null;
}

const OPERATION_LISTS = [
  ["/policy/human_approval/always_required", (c: PlatformConfig) => c.policy.human_approval.always_required],
  ["/policy/safety_holds/blocked_operations", (c: PlatformConfig) => c.policy.safety_holds.blocked_operations],
  ["/policy/accountability/reconciliation_required", (c: PlatformConfig) => c.policy.accountability.reconciliation_required],
] as const;

/** PK640 for operation strings that name no PALM operation; PK642 for holds that are off. */
function operationStrings(doc: SourceDoc, c: PlatformConfig): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = (name: string, at: string) => {
    if (operationKeys(name).length) return;
    out.push(makeDiagnostic("PK640", doc.locate(at), `operation "${name}" maps to no PALM operation and affects no decision`, `nearest: ${nearestOperations(name).join(", ")}`));
  };
  for (const [base, list] of OPERATION_LISTS) list(c).forEach((name, i) => check(name, `${base}/${i}`));
  c.policy.human_approval.threshold_required.forEach((t, i) => check(t.operation, `/policy/human_approval/threshold_required/${i}/operation`));
  if (!c.policy.safety_holds.enabled && c.policy.safety_holds.blocked_operations.length) {
    out.push(makeDiagnostic("PK642", doc.locate("/policy/safety_holds/blocked_operations"), "blocked_operations has no effect while safety holds are disabled", "set safety_holds.enabled = true, or empty the list"));
  }
  return out;
}

function runSimulations(doc: SourceDoc, c: PlatformConfig, raw: unknown, report: (d: Diagnostic) => void): PlatformSimulationResult[] {
  if (!Array.isArray(raw)) return [];
  const results: PlatformSimulationResult[] = [];
  raw.forEach((s: Record<string, unknown>, i) => {
    const at = `/simulations/${i}`;
    const keys = operationKeys(str(s.operation));
    if (keys.length !== 1) {
      const why = keys.length ? `names ${keys.length} operations (${keys.join(", ")})` : "names no PALM operation";
      report(makeDiagnostic("PK641", doc.locate(`${at}/operation`), `simulation "${str(s.name)}": operation "${str(s.operation)}" ${why}`, `use one of: ${(keys.length ? keys : nearestOperations(str(s.operation))).join(", ")}`));
      return;
    }
    const request: OperationRequest = {
      operation: keys[0]!,
      environment: typeof s.environment === "string" ? s.environment : MATRIX_REQUEST.environment,
      actor_type: (s.actor_type as OperationRequest["actor_type"] | undefined) ?? MATRIX_REQUEST.actor_type,
      replicas: typeof s.replicas === "number" ? s.replicas : MATRIX_REQUEST.replicas,
    };
    const d = decide(c, request);
    const expected = str(s.expect);
    const pass = d.decision === expected;
    results.push({ name: str(s.name), request, expected, actual: d.decision, rule: d.rule, pass });
    if (!pass) report(makeDiagnostic("PK641", doc.locate(`${at}/expect`), `simulation "${str(s.name)}" expects ${expected}, the pack's policy decides ${d.decision} (${d.rule}: ${d.reason})`, "fix the policy or the expectation"));
  });
  return results;
}
