import type { PackVersion } from "../model/pack.js";
import { packArtefact } from "../compose/active-config.js";
import type { TenantResult } from "../pipeline/tenant.js";
import { registryOf, type RegistryEntry } from "../registry/status.js";
import type { CompileResult } from "../pipeline/compile.js";
import { canonicalJson } from "../util/canonical-json.js";
import { sha256Hex } from "../util/digest.js";
import { PACKC_VERSION } from "../version.js";

/**
 * The files of `compiled/` (DESIGN.md "Compiled output"), as path → text, paths relative to the
 * output directory: one normalized JSON per pack version, one `active-config.json` per tenant,
 * `registry.json` (`{"packs": [RegistryEntry...]}`: every pack and tenant pack version with its
 * status and digest), `index.json` (every artefact with its sha256 and the packc version) and a `sha256sum`-compatible
 * `SHA256SUMS`. Pure; `writeOutput` puts them on disk.
 */
export function artefacts(packs: readonly PackVersion[], tenants: readonly TenantResult[], registry: readonly RegistryEntry[]): Map<string, string> {
  const files = new Map<string, string>();
  files.set("registry.json", canonicalJson({ packs: registry }));
  for (const p of packs) files.set(`packs/${p.id}/${p.version}.json`, canonicalJson(packArtefact(p)));
  for (const t of tenants) if (t.activeConfig) files.set(`tenants/${t.tenant.id}/active-config.json`, canonicalJson(t.activeConfig));
  const paths = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const sums = paths.map((p) => ({ path: p, sha256: sha256Hex(files.get(p)!) }));
  files.set("index.json", canonicalJson({ packc: PACKC_VERSION, artefacts: sums }));
  const withIndex = [...sums, { path: "index.json", sha256: sha256Hex(files.get("index.json")!) }];
  files.set("SHA256SUMS", withIndex.map((s) => `${s.sha256}  ${s.path}\n`).join(""));
  return files;
}

/** The compiled/ tree of a whole run: {@link artefacts} with the registry of every pack and tenant pack version. */
export function compiledTree(r: CompileResult): Map<string, string> {
  return artefacts(r.packs, r.tenants, registryOf(r));
}
