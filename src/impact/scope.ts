import type { Diagnostic } from "../diagnostics/types.js";
import type { Impact, ImpactModel } from "./affected.js";
import { shardOf, type Shard } from "./shard.js";

/**
 * The part of a repository a scoped run looks at (`check --tenant`, `check --changed-since`):
 * the tenants it compiles, the pack ids whose own diagnostics it reports, and the pack ids it
 * loads (those, plus everything they and the tenants' requests depend on, so resolution and the
 * registry rules see what a full run sees).
 */
export interface Scope {
  tenants: ReadonlySet<string>;
  reported: ReadonlySet<string>;
  loaded: ReadonlySet<string>;
}

/**
 * The scope of the tenants `ids` (`--tenant`): those tenants, and every pack id they use
 * (requested or activated, with its dependencies), whose diagnostics explain theirs.
 */
export function tenantScope(ids: readonly string[], model: ImpactModel): Scope {
  const tenants = new Set(ids);
  const loaded = dependencyClosure(model.tenants.filter((t) => tenants.has(t.id)).flatMap((t) => t.uses), model);
  return { tenants, reported: loaded, loaded };
}

/**
 * The scope of a change (`--changed-since`): the tenants and pack ids `impact` reaches
 * (`affected`), loading what those need. Null when the change reaches everything.
 */
export function impactScope(impact: Impact, model: ImpactModel): Scope | null {
  if (impact.all) return null;
  const uses = model.tenants.filter((t) => impact.tenants.has(t.id)).flatMap((t) => t.uses);
  return { tenants: impact.tenants, reported: impact.packs, loaded: dependencyClosure([...impact.packs, ...uses], model) };
}

/**
 * The scope of shard `shard` (`--shard I/N`): the tenants whose id hashes to it ({@link
 * shardOf}, among the tenant directories `tenantIds`) and every pack id they use, with its
 * dependencies; the first shard also takes every pack id under `packs/` (`packIds`) that no
 * tenant uses, so that every pack version is validated by exactly the shards that need it and
 * by at least one. The union of all shards' reports is a full run's.
 */
export function shardScope(shard: Shard, tenantIds: readonly string[], packIds: readonly string[], model: ImpactModel): Scope {
  const scope = tenantScope(tenantIds.filter((id) => shardOf(id, shard.count) === shard.index), model);
  if (shard.index !== 1) return scope;
  const used = tenantScope(tenantIds, model).loaded;
  const reported = new Set([...scope.reported, ...packIds.filter((id) => !used.has(id))]);
  return { tenants: scope.tenants, reported, loaded: dependencyClosure([...reported], model) };
}

/** `ids` and every pack id any version of them depends on, transitively. */
export function dependencyClosure(ids: readonly string[], model: ImpactModel): Set<string> {
  const deps = dependencies(model);
  const out = new Set<string>();
  const queue = [...ids];
  while (queue.length) {
    const id = queue.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    queue.push(...(deps.get(id) ?? []));
  }
  return out;
}

const dependencyMaps = new WeakMap<ImpactModel, Map<string, string[]>>();

/** Each pack id's dependencies over all its versions, built once per model (a closure per tenant rebuilt it 10,000 times). */
function dependencies(model: ImpactModel): Map<string, string[]> {
  let deps = dependencyMaps.get(model);
  if (!deps) {
    deps = new Map();
    for (const p of model.packs) {
      const list = deps.get(p.id);
      if (list) list.push(...p.dependsOn);
      else deps.set(p.id, [...p.dependsOn]);
    }
    dependencyMaps.set(model, deps);
  }
  return deps;
}

/**
 * Whether a diagnostic found before any tenant (loading packs, lifecycle files, tenant records
 * and tenant packs) belongs in a scoped run's report: one in a reported pack's directory or in a
 * scoped tenant's, or one of the repository itself (`packc.yaml`, base documents). A tenant's
 * own results are all reported, wherever they point.
 */
export function inScope(scope: Scope, d: Diagnostic): boolean {
  const parts = d.file.split("/");
  if (parts.length < 3) return true; // the repository's own files, and a stray file beside the pack or tenant directories (PK252)
  if (parts[0] === "packs") return scope.reported.has(parts[1]!);
  if (parts[0] === "tenants") return scope.tenants.has(parts[1]!);
  return true;
}
