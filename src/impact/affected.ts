import { isLifecycleFile } from "../registry/lifecycle.js";
import { SETTINGS_FILE } from "../load/repo.js";

/**
 * What impact analysis needs of one side of a change (a commit, the working tree): for every
 * pack version directory, its pack id and the pack ids its manifest depends on (whatever the
 * range), and for every tenant the pack ids it uses (its requests and its domain activation).
 * Built by `impact/model.ts`; plain data.
 */
export interface ImpactModel {
  /** Repository-relative base documents `packc.yaml` names (a change to one reaches everything). */
  baseDocuments: readonly string[];
  packs: readonly { id: string; dependsOn: readonly string[] }[];
  tenants: readonly { id: string; uses: readonly string[] }[];
}

/** What a change can reach: every pack id and tenant whose diagnostics or output may differ. */
export interface Impact {
  /** The change reaches everything (`packc.yaml`, a base document, a file packc reports wherever it sits). */
  all: boolean;
  /** Pack ids whose versions must be validated again (all versions of each). */
  packs: ReadonlySet<string>;
  /** Tenant ids that must be compiled again. */
  tenants: ReadonlySet<string>;
}

/** An impact that reaches everything. */
export const EVERYTHING: Impact = Object.freeze({ all: true, packs: new Set<string>(), tenants: new Set<string>() });

/**
 * The pack ids and tenants that changed paths `changed` (repository-relative, as `git diff
 * --name-only` lists them, deleted and added files alike) can reach, given the repository on
 * each side of the change (`sides`: base and head; the union of both is taken, so a dependency
 * or request added or removed by the change counts). Pure. The rules:
 * - `packc.yaml`, a base document of either side, or a file directly under `packs/` or
 *   `tenants/` (packc reports those wherever they sit, PK252) reaches everything;
 * - a file under `packs/<id>/` (a version's file, or the pack's lifecycle file) changes pack id
 *   `id`; every pack id whose manifest depends on a changed id, on either side and transitively,
 *   changes too (its resolution, and Portarium's registry rule PK242, see the dependency);
 * - a tenant is reached when a file under `tenants/<id>/` changed (its record, lockfile, tenant
 *   packs), or when it uses a changed pack id on either side (requested or activated, whatever
 *   the range: a new or edited version may be picked);
 * - any other path (README, CI files) is not read by packc and reaches nothing.
 * The result over-approximates: a tenant outside it compiles to the same output and diagnostics
 * before and after the change (the property test in `test/impact.test.ts`).
 */
export function affected(changed: Iterable<string>, sides: readonly ImpactModel[]): Impact {
  const bases = new Set(sides.flatMap((s) => s.baseDocuments));
  const packs = new Set<string>();
  const tenants = new Set<string>();
  for (const path of changed) {
    const parts = path.split("/");
    if (path === SETTINGS_FILE || bases.has(path)) return EVERYTHING;
    if (parts[0] === "packs") {
      if (parts.length < 3 || (parts.length === 3 && !isLifecycleFile(path))) return EVERYTHING;
      packs.add(parts[1]!);
    } else if (parts[0] === "tenants") {
      if (parts.length < 3) return EVERYTHING;
      tenants.add(parts[1]!);
    }
  }
  // Pack ids that depend on a changed one, to a fixpoint over both sides' manifests.
  const dependents = new Map<string, Set<string>>();
  for (const side of sides) {
    for (const p of side.packs) {
      for (const d of p.dependsOn) {
        let set = dependents.get(d);
        if (!set) dependents.set(d, (set = new Set()));
        set.add(p.id);
      }
    }
  }
  const queue = [...packs];
  while (queue.length) {
    for (const dependent of dependents.get(queue.pop()!) ?? []) {
      if (!packs.has(dependent)) {
        packs.add(dependent);
        queue.push(dependent);
      }
    }
  }
  for (const side of sides) for (const t of side.tenants) if (t.uses.some((id) => packs.has(id))) tenants.add(t.id);
  return { all: false, packs, tenants };
}
