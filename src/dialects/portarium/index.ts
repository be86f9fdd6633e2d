import { isRecord } from "../pack-files.js";
import type { Dialect } from "../types.js";
import { checkPortariumRegistry, loadPortarium } from "./manifest.js";

/** Portarium vertical packs (seeds 001/002): `pack.manifest.json` with dependencies and assets. */
export const portarium: Dialect = {
  id: "portarium",
  manifests: ["pack.manifest.json"],
  load: loadPortarium,
  checkRegistry: checkPortariumRegistry,
  dependencyIds: (m) => (isRecord(m.dependencies) ? Object.keys(m.dependencies) : []),
};
