import type { DomainContent } from "./domain.js";
import type { PlatformContent } from "./platform.js";
import type { PolicyRequest, SafetyPolicy } from "./policy.js";

/** The pack formats packc reads (DESIGN.md "Dialects"). */
export type DialectId = "cordum" | "portarium" | "domain" | "platform";

/** A topic a pack declares (Cordum `topics[]`). `pointer` locates it in the manifest. */
export interface TopicDecl {
  name: string;
  capability: string;
  riskTags: string[];
  requires: string[];
  pointer: string;
}

/** A schema or workflow resource: its id, the file it came from and the parsed document. */
export interface Resource {
  id: string;
  file: string;
  document: Record<string, unknown>;
}

/** A config overlay: a JSON merge patch (RFC 7386/7396) onto one key of the system config. */
export interface ConfigOverlay {
  name: string;
  key: "pools" | "timeouts";
  file: string;
  patch: Record<string, unknown>;
}

/** A policy fragment, stored by the installer under bundle key `<pack-id>/<name>`. */
export interface PolicyFragment {
  key: string;
  file: string;
  /** The fragment text, verbatim (the installer stores it as text). */
  content: string;
  policy: SafetyPolicy;
}

/** A policy simulation from `tests.policySimulations[]`; `expect` as written. */
export interface Simulation {
  name: string;
  file: string;
  pointer: string;
  /** The request as `cordumctl pack verify` sends it. */
  request: PolicyRequest;
  expect: string;
}

/** A Portarium asset entry with the files it matched (pack-relative paths, sorted). */
export interface AssetGroup {
  kind: string;
  entries: { pattern: string; files: string[] }[];
}

/**
 * One released pack version in the normalized model every stage after `load` uses. Dialects
 * fill the contribution lists they have and leave the others empty.
 */
export interface PackVersion {
  id: string;
  version: string;
  dialect: DialectId;
  /** Repository-relative directory `packs/<id>/<version>`. */
  dir: string;
  /** Repository-relative manifest path. */
  manifest: string;
  title: string;
  description: string;
  /** `sha256-<base64>` over the pack's files (see `util/digest.ts`). */
  integrity: string;
  /** SemVer range the core version must satisfy, or null for any core. */
  requiresCore: string | null;
  /** Dependencies: pack id → SemVer range, in manifest order. */
  dependencies: Record<string, string>;
  topics: TopicDecl[];
  schemas: Resource[];
  workflows: Resource[];
  configOverlays: ConfigOverlay[];
  policyFragments: PolicyFragment[];
  simulations: Simulation[];
  assets: AssetGroup[];
  /** A domain pack's content (dialect `domain`), else null. */
  domain: DomainContent | null;
  /** A MAPLE platform pack's profile, config and results (dialect `platform`), else null. */
  platform: PlatformContent | null;
  /** False when validating this pack version found errors; its tenants are not composed. */
  valid: boolean;
  /**
   * Loaded from its manifest alone, for resolution (a scoped run's version no scoped tenant
   * uses): identity, `requiresCore` and `dependencies` are a full load's, everything else is
   * empty, `integrity` is "" and `valid` means nothing. Never composed, listed or reported.
   */
  partial?: true;
}
