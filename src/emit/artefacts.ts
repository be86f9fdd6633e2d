import type { PackVersion } from "../model/pack.js";
import { packArtefact } from "../compose/active-config.js";
import { isShared } from "../util/shared.js";
import type { TenantResult } from "../pipeline/tenant.js";
import { registryOf, type RegistryEntry } from "../registry/status.js";
import type { CompileResult } from "../pipeline/compile.js";
import { canonicalJson, canonicalJsonBytes, canonicalMemo } from "../util/canonical-json.js";
import { sha256Hex } from "../util/digest.js";
import { PACKC_VERSION } from "../version.js";
import type { Shard } from "../impact/shard.js";
import type { Source } from "../repo/git.js";

/**
 * The files of `compiled/` (DESIGN.md "Compiled output") as `[path, content]` pairs (UTF-8
 * text as a string or as its bytes), paths relative to the output directory, produced one at a
 * time so a writer can put each on disk before the next is built (10,000 tenants' active configs are half a gigabyte of text): `registry.json`
 * (`{"packs": [RegistryEntry...]}`: every pack and tenant pack version with its status and
 * digest), one normalized JSON per pack version, one `active-config.json` per tenant, then
 * `index.json` (every artefact with its sha256, the packc version and the inputs' `source`) and a
 * `sha256sum`-compatible `SHA256SUMS`. `tenants` is taken one at a time too, so a caller may
 * compile each tenant as it is asked for. Pure apart from being lazy; `stageOutput` puts them on disk.
 */
export function* artefacts(packs: readonly PackVersion[], tenants: Iterable<TenantResult>, registry: readonly RegistryEntry[], source: Source, part?: Part): Generator<[string, Artefact]> {
  // Every tenant's active config embeds parts of its packs and decisions that many tenants share
  // (util/shared.ts): encode each once. The bytes that are hashed are the bytes written.
  const memo = canonicalMemo(isShared);
  function* files(): Generator<[string, Artefact]> {
    yield ["registry.json", canonicalJson({ packs: registry })];
    for (const p of packs) yield [`packs/${p.id}/${p.version}.json`, canonicalJsonBytes(packArtefact(p), memo)];
    for (const t of tenants) if (t.activeConfig) yield [`tenants/${t.tenant.id}/active-config.json`, canonicalJsonBytes(t.activeConfig, memo)];
  }
  yield* indexed(files(), source, part);
}

/**
 * What part of the whole compiled output a partial compile wrote, as its `index.json` says:
 * one shard (`compile --shard I/N`), or some tenants (`compile --tenant ID`).
 */
export type Part = { shard: Shard } | { tenants: readonly string[] };

/**
 * `files` as they come, then `index.json` (every file with its sha256, the packc version, where
 * the inputs came from (`source`: commit, tree, dirty, or unknown) and,
 * for a partial output, which part: `shard: {index, count}` or `tenants: [...]`) and a
 * `sha256sum`-compatible `SHA256SUMS` of them all with the index. The bytes that are hashed
 * are the bytes yielded.
 */
export function* indexed(files: Iterable<[string, Artefact]>, source: Source, part?: Part): Generator<[string, Artefact]> {
  const sums: { path: string; sha256: string }[] = [];
  for (const [path, text] of files) {
    sums.push({ path, sha256: sha256Hex(text) });
    yield [path, text];
  }
  sums.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const index = canonicalJson({ packc: PACKC_VERSION, source, ...part, artefacts: sums });
  yield ["index.json", index];
  const withIndex = [...sums, { path: "index.json", sha256: sha256Hex(index) }];
  yield ["SHA256SUMS", withIndex.map((s) => `${s.sha256}  ${s.path}\n`).join("")];
}

/** One compiled file's content: UTF-8 text, or its bytes. */
export type Artefact = string | Uint8Array;

/** The compiled/ tree of a whole run from `source`: {@link artefacts} with the registry of every pack and tenant pack version. */
export function compiledTree(r: CompileResult, source: Source): Generator<[string, Artefact]> {
  return artefacts(r.packs, r.tenants, registryOf(r), source);
}
