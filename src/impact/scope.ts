import type { Diagnostic } from "../diagnostics/types.js";
import type { Impact, ImpactModel } from "./affected.js";
import { shardOf, type Shard } from "./shard.js";

/**
 * The part of a repository a scoped run looks at (`check --tenant`, `--changed-since`,
 * `--shard`): the tenants it compiles, the pack ids whose own diagnostics it reports, and the
 * pack ids it loads (those, plus everything they and the tenants' requests depend on, so
 * resolution and the registry rules see what a full run sees). Of a loaded pack id that is not
 * reported, only the versions the scoped tenants resolve to or pin are loaded in full; the
 * others are loaded from their manifest alone, which is all resolution reads
 * (`dialects/api.ts` `loadRegistry`).
 */
export interface Scope {
  tenants: ReadonlySet<string>;
  reported: ReadonlySet<string>;
  loaded: ReadonlySet<string>;
  /**
   * A shard's share of the pack versions (`--shard`): every version directory whose path hashes
   * to it ({@link shardOf}) is loaded in full and reported, as is every version its tenants use;
   * a file beside the versions (`lifecycle.yaml`) is reported by the shard its path hashes to.
   */
  share?: Shard;
  /**
   * The version directories a scoped read read in full beyond the reported pack ids (a share's
   * and those the tenants use, `impact/read-scoped.ts`); a run must need no other. Absent when
   * the workspace holds every file.
   */
  full?: ReadonlySet<string>;
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
 * shardOf}, among the tenant directories `tenantIds`); every pack id under `packs/` (`packIds`)
 * loaded, and in full the versions of the shard's share and those its tenants use (see {@link
 * Scope.share}). Every pack version is reported by exactly the shard it hashes to, and by those
 * whose tenants use it: the union of all shards' reports is a full run's, and each shard
 * validates about 1/N of the versions nobody uses.
 */
export function shardScope(shard: Shard, tenantIds: readonly string[], packIds: readonly string[]): Scope {
  return { tenants: new Set(tenantIds.filter((id) => shardOf(id, shard.count) === shard.index)), reported: new Set(), loaded: new Set(packIds), share: shard };
}

/**
 * Whether a scope loads the version directory `dir` (`packs/<id>/<version>`) in full from the
 * start: a reported pack id's, or one of its share's (the versions its tenants use are added
 * once resolution names them).
 */
export function fullFromStart(scope: Scope, dir: string): boolean {
  return scope.reported.has(dir.split("/")[1]!) || (scope.share !== undefined && shardOf(dir, scope.share.count) === scope.share.index);
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
 * scoped tenant's, or one of the repository itself (`packc.yaml`, base documents); with a share
 * (a shard), one in a version directory of its share or among `used` (the version directories
 * its tenants use), or in a file beside the versions whose path hashes to it. A tenant's own
 * results are all reported, wherever they point.
 */
export function inScope(scope: Scope, d: Diagnostic, used: ReadonlySet<string> = new Set()): boolean {
  const parts = d.file.split("/");
  if (parts.length < 3) return true; // the repository's own files, and a stray file beside the pack or tenant directories (PK252)
  if (parts[0] === "packs") {
    if (scope.reported.has(parts[1]!)) return true;
    const dir = parts.slice(0, 3).join("/");
    return scope.share !== undefined && (shardOf(dir, scope.share.count) === scope.share.index || used.has(dir));
  }
  if (parts[0] === "tenants") return scope.tenants.has(parts[1]!);
  return true;
}
