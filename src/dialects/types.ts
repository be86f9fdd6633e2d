import type { PlatformCapabilities } from "../model/platform.js";
import type { Diagnostic } from "../diagnostics/types.js";
import type { SourceDoc } from "../load/source-doc.js";
import type { Workspace } from "../load/workspace.js";
import type { TenantPackVersion } from "../model/domain.js";
import type { DialectId, PackVersion } from "../model/pack.js";
import type { SafetyPolicy } from "../model/policy.js";
import type { Tenant } from "../model/tenant.js";
import type { Lifecycle } from "../registry/lifecycle.js";

/** A pack version directory `packs/<id>/<version>/` as found on disk, before any dialect reads it. */
export interface PackDir {
  /** Directory names: what the manifest must declare. */
  id: string;
  version: string;
  /** Repository-relative directory path. */
  dir: string;
  /** Pack-relative file paths, sorted. */
  files: string[];
}

/** What a dialect may consult while loading one pack version. */
export interface PackContext {
  ws: Workspace;
  pack: PackDir;
  /** The parsed manifest (already known to have a value). */
  manifest: SourceDoc;
  /** Repository base documents, for rules that depend on them (existing pools, base policy, the declared runtime). */
  base: BaseDocuments;
  /** Collects diagnostics for this pack version. */
  report(d: Diagnostic): void;
  /**
   * Load only what resolution reads (identity, `requiresCore`, `dependencies`), from the manifest
   * alone, and return the pack marked `partial` (a scoped run's versions no scoped tenant uses,
   * `dialects/api.ts` {@link loadRegistry}). The values must equal a full load's: a dialect stops
   * after computing them. Never set for a dialect whose packs tenants activate.
   */
  manifestOnly?: boolean;
}

/**
 * One pack format. A dialect folder exposes exactly this: its manifest file names (detection),
 * `load` (written shape → normalized PackVersion, plus the rules that need only the pack itself)
 * and `checkRegistry` (rules that need the other pack versions). Dispatch happens only in
 * `dialects/api.ts`.
 */
export interface Dialect {
  readonly id: DialectId;
  readonly manifests: readonly string[];
  /** Returns null when the manifest is too broken to name a pack (diagnostics say why). */
  load(ctx: PackContext): PackVersion | null;
  checkRegistry?(pack: PackVersion, registry: Registry, ws: Workspace): Diagnostic[];
  /** The pack ids a manifest (its parsed value, not yet checked) depends on, whatever the ranges: what impact analysis follows (`impact/affected.ts`). None when absent. */
  dependencyIds?(manifest: Record<string, unknown>): string[];
  /**
   * For a dialect whose packs a tenant activates rather than resolves (domain packs with their
   * tenant packs): loads the tenant-side inputs once per run and returns the per-tenant step.
   */
  tenantSteps?(run: TenantRunInputs): DialectTenantSteps;
  /** The `active-config.json` section this dialect fills from a tenant's resolved packs (`{}` when none is its own). */
  activeSection?(packs: readonly PackVersion[]): Record<string, unknown>;
  /**
   * Findings on the repository's base policy that hold once pack fragments add rules to it. The
   * same for every tenant that has such fragments: the pipeline computes them once per run.
   */
  mergedPolicyLint?(basePolicy: SourceDoc): Diagnostic[];
}

/** What a run gives a dialect's tenant side: the loaded pack versions, tenants and lifecycle. */
export interface TenantRunInputs {
  ws: Workspace;
  tenants: readonly Tenant[];
  packs: readonly PackVersion[];
  lifecycle: Lifecycle;
}

/**
 * A pack version activated for one tenant (not resolved): pinned in the lockfile beside the
 * resolved packs, with the tenant-scoped pack it is activated with, and the active-config
 * section it fills.
 */
export interface TenantActivation {
  pack: PackVersion;
  tenantPack: TenantPackVersion;
  /** The `active-config.json` section, keyed by the dialect id. */
  section: Record<string, unknown>;
}

/** One run's tenant side of a dialect (see `Dialect.tenantSteps`). */
export interface DialectTenantSteps {
  /** Diagnostics of loading the tenant-side inputs, once per run. */
  diagnostics: Diagnostic[];
  /** Every tenant-scoped pack version loaded (for the registry status listing). */
  tenantPacks: readonly TenantPackVersion[];
  /** True when `id` names a pack this dialect activates (a request for it is a mistake: hint). */
  activates(id: string): boolean;
  /**
   * Checks the tenant's activation. `activated` is the pair when both versions exist, even if
   * other rules failed (the caller composes no tenant with errors); null when the tenant
   * activates nothing of this dialect.
   */
  activate(tenant: Tenant): { activated: TenantActivation | null; diagnostics: Diagnostic[] };
}

/** Every loaded pack version, by id, versions in descending SemVer order. */
export type Registry = ReadonlyMap<string, readonly PackVersion[]>;

/** Builds an empty normalized pack for a dialect to fill. */
export function emptyPack(dialect: DialectId, dir: PackDir, manifest: string, integrity: string): PackVersion {
  return {
    id: dir.id,
    version: dir.version,
    dialect,
    dir: dir.dir,
    manifest,
    title: "",
    description: "",
    integrity,
    requiresCore: null,
    dependencies: {},
    topics: [],
    schemas: [],
    workflows: [],
    configOverlays: [],
    policyFragments: [],
    simulations: [],
    assets: [],
    domain: null,
    platform: null,
    valid: true,
  };
}

/** Marks a pack loaded with `manifestOnly` (see {@link PackVersion.partial}). */
export function partial(pack: PackVersion): PackVersion {
  pack.partial = true;
  return pack;
}

/**
 * What `packc.yaml` gives every pack's load: the base config and base policy packs compose onto,
 * and the PALM runtime MAPLE platform packs are checked against (`runtime.palm.capabilities`;
 * null when the repository declares none).
 */
export interface BaseDocuments {
  config: Record<string, unknown>;
  policy: SafetyPolicy;
  palm?: PlatformCapabilities | null;
}
