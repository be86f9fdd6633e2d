import type { Dialect } from "../types.js";
import { loadCordum } from "./manifest.js";
import { lintPolicy } from "./policy-lint.js";

/** Cordum packs (seed 003): `pack.yaml` with topics, schemas, workflows, overlays, policy fragments. */
export const cordum: Dialect = {
  id: "cordum",
  manifests: ["pack.yaml", "pack.yml"],
  load: loadCordum,
  /** PK503: the base policy's tenant topic lists are inert once fragments add rules (kernel: rules win). */
  mergedPolicyLint: (basePolicy) => lintPolicy(basePolicy, true).diagnostics.filter((d) => d.code === "PK503"),
};
