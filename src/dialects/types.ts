import type { Diagnostic } from "../diagnostics/types.js";
import type { SourceDoc } from "../load/source-doc.js";
import type { Workspace } from "../load/workspace.js";
import type { DialectId, PackVersion } from "../model/pack.js";
import type { SafetyPolicy } from "../model/policy.js";

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
  /** Repository base documents, for rules that depend on them (existing pools, base policy). */
  base: { config: Record<string, unknown>; policy: SafetyPolicy };
  /** Collects diagnostics for this pack version. */
  report(d: Diagnostic): void;
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
