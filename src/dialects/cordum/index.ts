import type { Dialect } from "../types.js";
import { loadCordum } from "./manifest.js";

/** Cordum packs (seed 003): `pack.yaml` with topics, schemas, workflows, overlays, policy fragments. */
export const cordum: Dialect = {
  id: "cordum",
  manifests: ["pack.yaml", "pack.yml"],
  load: loadCordum,
};
