import { manifestDependencies } from "../dialects/api.js";
import { isRecord } from "../dialects/pack-files.js";
import { baseDocuments } from "../load/repo.js";
import type { Workspace } from "../load/workspace.js";
import type { ImpactModel } from "./affected.js";

/**
 * The {@link ImpactModel} of a workspace, from `packc.yaml`, the pack manifests and the tenant
 * records alone (parsed, not validated: what a broken file names is still followed where it can
 * be read, and a file that cannot be parsed names nothing, which is safe because it changed
 * itself or its tenant is compiled anyway). Pure over the workspace's bytes.
 */
export function impactModel(ws: Workspace): ImpactModel {
  const packs = manifestDependencies(ws);
  // A tenant pack is checked against a domain pack it names, or against the known domains when
  // it names none that exists: a tenant with tenant packs uses every activated pack id.
  const activated = [...new Set(packs.filter((p) => p.activated).map((p) => p.id))];
  const withTenantPacks = new Set<string>();
  const ids = new Set<string>();
  for (const file of ws.tree.files.keys()) {
    const parts = file.split("/");
    if (parts[0] !== "tenants" || parts.length < 3) continue;
    if (parts[2] === "tenant-packs") withTenantPacks.add(parts[1]!);
    if (parts[2] === "tenant.yaml" || parts[2] === "tenant-packs") ids.add(parts[1]!);
  }
  const tenants: { id: string; uses: string[] }[] = [];
  for (const id of ids) {
    const value = ws.parse(`tenants/${id}/tenant.yaml`)?.doc.value;
    const uses = isRecord(value) && isRecord(value.packs) ? Object.keys(value.packs) : [];
    if (isRecord(value) && isRecord(value.domain) && typeof value.domain.name === "string") uses.push(value.domain.name.trim());
    if (withTenantPacks.has(id)) uses.push(...activated);
    tenants.push({ id, uses });
  }
  return { baseDocuments: baseDocuments(ws.tree), packs, tenants };
}
