import type { PackVersion, PolicyFragment } from "../model/pack.js";
import type { MergedPolicy } from "../model/policy.js";
import type { Tenant } from "../model/tenant.js";
import { cmp } from "../diagnostics/types.js";
import type { SimulationResult, TopicDecision } from "../simulate/run.js";
import { sha256Hex } from "../util/digest.js";
import { platformArtefact } from "./platform.js";
import { share } from "../util/shared.js";
import { dictionaryFrom } from "../util/dictionary.js";

/** Everything the active config is built from (all already computed by earlier stages). */
export interface ActiveConfigInput {
  tenant: Tenant;
  core: string | null;
  packs: readonly PackVersion[];
  config: Record<string, unknown>;
  policy: MergedPolicy;
  decisions: TopicDecision[];
  simulations: SimulationResult[];
  /** The effective domain config (`compose/domain.ts`), `{}` without a domain activation. */
  domain: Record<string, unknown>;
  /** The platform pack's section (`compose/platform.ts`), `{}` without one. */
  platform: Record<string, unknown>;
}

/**
 * Builds `active-config.json` for one tenant (DESIGN.md "Compiled output"): top-level keys
 * `tenant`, `core`, `packs`, `config`, `policy`, `workflows`, `schemas`, `domain`, `platform`,
 * `simulations`; empty sections are present and empty. `policy.rules` are the merged rules
 * exactly as the kernel holds them (loadable as a safety policy), with `policy.ruleSources[i]`
 * naming the bundle rule i came from. Pure; key order is fixed later by canonical JSON.
 */
export function buildActiveConfig(input: ActiveConfigInput): Record<string, unknown> {
  const { tenant, packs } = input;
  const byId = [...packs].sort((a, b) => cmp(a.id, b.id)).map(packParts);
  // Objects keyed by data are hash tables (util/dictionary.ts).
  const bundles = dictionaryFrom(byId.flatMap((p) => p.bundles));
  const resources = (kind: "schemas" | "workflows") => dictionaryFrom(byId.flatMap((p) => p[kind]));
  return {
    tenant: { id: tenant.id, status: tenant.status, requests: dictionaryFrom(tenant.requests.map((r) => [r.id, r.range])) },
    core: { version: input.core },
    packs: byId.map((p) => p.entry),
    config: input.config,
    policy: {
      version: input.policy.version,
      default_tenant: input.policy.default_tenant,
      bundles,
      rules: input.policy.rules.map((r) => r.rule),
      ruleSources: input.policy.rules.map((r) => r.bundle),
      tenants: input.policy.tenants,
      decisions: input.decisions,
    },
    workflows: resources("workflows"),
    schemas: resources("schemas"),
    domain: input.domain,
    platform: input.platform,
    simulations: input.simulations,
  };
}

/**
 * The parts of an active config that depend on one pack version only, built once per pack version
 * and shared (read only) by every tenant's active config that holds it: its `packs` entry, its
 * policy bundles by fragment key, and its schemas and workflows by id (`{pack, document}`); each
 * is marked shared (`util/shared.ts`), and so are its policy fragments' rules, which the merged
 * policy holds as they are.
 */
interface PackParts {
  entry: Readonly<Record<string, unknown>>;
  bundles: ReadonlyArray<readonly [string, object]>;
  schemas: ReadonlyArray<readonly [string, object]>;
  workflows: ReadonlyArray<readonly [string, object]>;
}

const partsByPack = new WeakMap<PackVersion, PackParts>();

function packParts(p: PackVersion): PackParts {
  let parts = partsByPack.get(p);
  if (!parts) {
    const resources = (kind: "schemas" | "workflows") => p[kind].map((r) => [r.id, share({ pack: p.id, document: r.document })] as const);
    for (const f of p.policyFragments) for (const rule of f.policy.rules ?? []) share(rule); // the merged policy holds them as they are
    parts = {
      entry: share({
        id: p.id,
        version: p.version,
        dialect: p.dialect,
        integrity: p.integrity,
        ...(p.assets.length ? { assets: Object.fromEntries(p.assets.map((g) => [g.kind, g.entries.flatMap((e) => e.files)])) } : {}),
      }),
      bundles: p.policyFragments.map((f) => [f.key, share({ pack: p.id, version: p.version, sha256: fragmentDigest(f), content: f.content })] as const),
      schemas: resources("schemas"),
      workflows: resources("workflows"),
    };
    partsByPack.set(p, parts);
  }
  return parts;
}

const digests = new WeakMap<PolicyFragment, string>();

/** sha256 of a fragment's text, computed once per fragment however many tenants carry it. */
function fragmentDigest(f: PolicyFragment): string {
  let d = digests.get(f);
  if (d === undefined) {
    d = sha256Hex(f.content);
    digests.set(f, d);
  }
  return d;
}

/** The normalized pack version as emitted to `compiled/packs/<id>/<version>.json`. */
export function packArtefact(p: PackVersion): Record<string, unknown> {
  return {
    id: p.id,
    version: p.version,
    dialect: p.dialect,
    title: p.title,
    description: p.description,
    integrity: p.integrity,
    requiresCore: p.requiresCore,
    dependencies: p.dependencies,
    topics: p.topics.map(({ pointer: _p, ...t }) => t),
    schemas: p.schemas,
    workflows: p.workflows,
    configOverlays: p.configOverlays,
    policyFragments: p.policyFragments.map((f) => ({ key: f.key, file: f.file, sha256: fragmentDigest(f), policy: f.policy })),
    simulations: p.simulations.map(({ pointer: _p, file: _f, ...s }) => s),
    assets: p.assets,
    ...(p.domain ? { domain: p.domain } : {}),
    ...(p.platform ? { platform: platformArtefact(p.platform) } : {}),
  };
}
