import { createHash } from "node:crypto";
import type { ImpactModel } from "../impact/affected.js";
import { impactModel, modelInputs } from "../impact/model.js";
import { SETTINGS_FILE } from "../load/repo.js";
import type { Workspace } from "../load/workspace.js";
import { bytesDigest, fileMemo } from "./file-memo.js";
import type { CacheStore } from "./store.js";

/** Bumped whenever the model's shape or what it is computed from changes. */
const FORMAT = "model-memo-1";

/**
 * The {@link ImpactModel} of `ws` (with `withTenantPacks`, see `impact/model.ts`) as one cache
 * entry, keyed by the sha256 of what it is computed from ({@link modelInputs}: `packc.yaml`'s
 * bytes, each manifest's path and bytes, each tenant's id, `tenant.yaml` bytes and whether it
 * has tenant packs), whatever order the workspace read them in: a run whose
 * manifests and tenant records did not change (most runs: a schema, an overlay or a policy
 * fragment changed) reads one entry instead of looking up twelve thousand, one per file. When
 * the cache lacks it, the model is computed with each file's part from the cache where it holds
 * it (`cache/file-memo.ts`) and stored whole. Pure over the workspace's bytes, so it gives what
 * {@link impactModel} gives.
 */
export function cachedModel(ws: Workspace, cache: CacheStore, withTenantPacks: ReadonlySet<string> = new Set()): ImpactModel {
  const inputs = modelInputs(ws, withTenantPacks);
  const digest = (file: string) => (ws.has(file) ? bytesDigest(ws, file) ?? "-" : "-");
  const parts = [FORMAT, digest(SETTINGS_FILE), "packs"];
  for (const file of inputs.manifests) parts.push(file, digest(file));
  parts.push("tenants");
  for (const id of inputs.tenants) parts.push(id, digest(`tenants/${id}/tenant.yaml`), inputs.tenantPacks.has(id) ? "+" : "-");
  const key = createHash("sha256").update(parts.join("\0")).digest("hex");
  const hit = cache.get<ImpactModel>(key);
  if (hit !== undefined) return hit;
  // Each file's part is kept apart from the main file, which every cached run reads whole: only
  // a run whose manifests or tenant records changed asks for them.
  const model = impactModel(ws, withTenantPacks, fileMemo(ws, cache, "model", true), inputs);
  cache.put(key, model);
  return model;
}
