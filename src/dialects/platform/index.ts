import type { Dialect } from "../types.js";
import { platformSection } from "../../compose/platform.js";
import { loadPlatform } from "./manifest.js";

/**
 * MAPLE platform packs (seed 004): MAPLE's serialisable `PlatformPackConfig` as data, in
 * `platform-pack.toml` (MAPLE's own serialization) or `.yaml`/`.json`, plus packc's optional `profile` override (else derived from the name, as MAPLE does)
 * and `simulations`. Tenants enable one through their pack requests.
 */
export const platform: Dialect = {
  id: "platform",
  manifests: ["platform-pack.toml", "platform-pack.yaml", "platform-pack.json"],
  load: loadPlatform,
  activeSection: platformSection,
};
