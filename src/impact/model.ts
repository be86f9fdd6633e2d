import { manifestDependencies, manifestFiles, type FileMemo } from "../dialects/api.js";
import { isRecord } from "../dialects/pack-files.js";
import { cmp } from "../diagnostics/types.js";
import { baseDocuments } from "../load/repo.js";
import type { Workspace } from "../load/workspace.js";
import type { ImpactModel } from "./affected.js";

/**
 * What an {@link ImpactModel} is computed from, besides `packc.yaml`: the pack manifests (in
 * code-point order), the tenants (in code-point order) and which of them have tenant packs.
 */
export interface ModelInputs {
  manifests: string[];
  tenants: string[];
  tenantPacks: ReadonlySet<string>;
}

/**
 * The {@link ModelInputs} of a workspace: its manifests, the tenants with a `tenant.yaml` or
 * tenant packs, and those with tenant packs (a file under `tenant-packs/`, or named by
 * `withTenantPacks`).
 */
export function modelInputs(ws: Workspace, withTenantPacks: ReadonlySet<string> = new Set()): ModelInputs {
  const tenantPacks = new Set(withTenantPacks);
  const ids = new Set(tenantPacks);
  for (const file of ws.tree.files.keys()) {
    // tenants/<id>/tenant.yaml or tenants/<id>/tenant-packs[/…] (no split: 40,000 paths a run).
    if (!file.startsWith("tenants/")) continue;
    const a = file.indexOf("/", 8);
    if (a < 0) continue;
    const b = file.indexOf("/", a + 1);
    const third = b < 0 ? file.slice(a + 1) : file.slice(a + 1, b);
    if (third !== "tenant.yaml" && third !== "tenant-packs") continue;
    const id = file.slice(8, a);
    if (third === "tenant-packs") tenantPacks.add(id);
    ids.add(id);
  }
  return { manifests: manifestFiles(ws), tenants: [...ids].sort(cmp), tenantPacks };
}

/**
 * The {@link ImpactModel} of a workspace, from `packc.yaml`, the pack manifests and the tenant
 * records alone (parsed, not validated: what a broken file names is still followed where it can
 * be read, and a file that cannot be parsed names nothing, which is safe because it changed
 * itself or its tenant is compiled anyway). Pure over the workspace's bytes, and listed in
 * code-point order (manifest paths, tenant ids) whatever order the workspace read its files in,
 * so a model kept whole in a cache is the one a run computes. A workspace that
 * holds only part of the repository (a scoped read: manifests, `tenant.yaml` files) gives the
 * model of what it holds; `withTenantPacks` then names the tenants that have a `tenant-packs/`
 * directory (from the listing), which the files alone would not show. `memo` may answer for a
 * manifest or `tenant.yaml` from a cache keyed by its bytes (`cache/`), without parsing it.
 * `inputs`: {@link modelInputs} of the same arguments, when the caller has them.
 */
export function impactModel(ws: Workspace, withTenantPacks: ReadonlySet<string> = new Set(), memo?: FileMemo, inputs: ModelInputs = modelInputs(ws, withTenantPacks)): ImpactModel {
  const packs = manifestDependencies(ws, memo, inputs.manifests);
  // A tenant pack is checked against a domain pack it names, or against the known domains when
  // it names none that exists: a tenant with tenant packs uses every activated pack id.
  const activated = [...new Set(packs.filter((p) => p.activated).map((p) => p.id))];
  const tenants: { id: string; uses: string[] }[] = [];
  const requested = (file: string): string[] => {
    const value = ws.parse(file)?.doc.value;
    const uses = isRecord(value) && isRecord(value.packs) ? Object.keys(value.packs) : [];
    if (isRecord(value) && isRecord(value.domain) && typeof value.domain.name === "string") uses.push(value.domain.name.trim());
    return uses;
  };
  for (const id of inputs.tenants) {
    const file = `tenants/${id}/tenant.yaml`;
    const uses = [...(memo && ws.has(file) ? memo(file, () => requested(file)) : requested(file))];
    if (inputs.tenantPacks.has(id)) uses.push(...activated);
    tenants.push({ id, uses });
  }
  return { baseDocuments: baseDocuments(ws.tree), packs, tenants };
}
