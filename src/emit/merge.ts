import { join } from "node:path";
import { cmp } from "../diagnostics/types.js";
import { shardOf, type Shard } from "../impact/shard.js";
import { mergeEntries, type RegistryEntry } from "../registry/status.js";
import { canonicalJson } from "../util/canonical-json.js";
import { PACKC_VERSION } from "../version.js";
import { indexed, type Artefact } from "./artefacts.js";
import { describeSource, type Source } from "../repo/git.js";
import { CompiledOutputError, readCompiled } from "./compiled-read.js";

/** Shard outputs that cannot be joined; the message says which and why (exit 2). */
export class MergeError extends CompiledOutputError {}

/** One shard's compiled output, read and checked against its own `SHA256SUMS`. */
export interface ShardOutput {
  /** The directory as the user named it (for messages). */
  dir: string;
  shard: Shard;
  /** Every file the output lists (`index.json` and `SHA256SUMS` aside), path → bytes. */
  files: Map<string, Uint8Array>;
  /** Where its inputs came from, as its `index.json` says. */
  source: Source;
}

/**
 * Reads the output `compile --shard I/N` wrote to `dir` (as named, resolved against `base`),
 * checked as {@link readCompiled} checks an output (a truncated or edited file is refused, not
 * merged); its `index.json` must name this packc version and a shard. Throws MergeError (or
 * CompiledOutputError) saying what is wrong.
 */
export function readShardOutput(dir: string, base: string): ShardOutput {
  const { index, files: all } = readCompiled(join(base, dir), dir, "compile the shard again");
  if (index.packc !== PACKC_VERSION) throw new MergeError(`${dir} was written by packc ${String(index.packc)}, not ${PACKC_VERSION}: compile every shard with the same packc`);
  const { index: i, count: n } = index.shard ?? {};
  if (typeof i !== "number" || typeof n !== "number") throw new MergeError(`${dir} is not one shard's output (its index.json names no shard): compile it with --shard I/N`);
  const files = new Map([...all].filter(([path]) => path !== "index.json" && path !== "SHA256SUMS"));
  return { dir, shard: { index: i, count: n }, files, source: index.source };
}

/**
 * The compiled output of the whole repository from the outputs of all its shards, file by file
 * (then `index.json` and `SHA256SUMS`), byte-identical to what one `compile` without `--shard`
 * writes: the tenants' active configs of every shard, each pack version's artefact once (shards
 * that both loaded it must hold the same bytes), and the registry listing joined
 * ({@link mergeEntries}). Refuses (MergeError) shards of different counts, a shard given twice,
 * a missing shard, a tenant in a shard its id does not hash to, and shards that disagree. Pure.
 */
export function mergeShards(shards: readonly ShardOutput[]): Generator<[string, Artefact]> {
  if (!shards.length) throw new MergeError("no shard outputs given");
  const count = shards[0]!.shard.count;
  const by = new Map<number, ShardOutput>();
  for (const s of shards) {
    if (s.shard.count !== count) throw new MergeError(`${s.dir} is shard ${s.shard.index}/${s.shard.count}, but ${shards[0]!.dir} is one of ${count}: compile every shard with the same N`);
    const twice = by.get(s.shard.index);
    if (twice) throw new MergeError(`shard ${s.shard.index}/${count} is given twice (${twice.dir} and ${s.dir})`);
    by.set(s.shard.index, s);
  }
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((k) => !by.has(k));
  if (missing.length) throw new MergeError(`missing shard${missing.length === 1 ? "" : "s"} ${missing.map((k) => `${k}/${count}`).join(", ")}: give the output of every shard`);
  const files = new Map<string, { bytes: Uint8Array; dir: string }>();
  const listings: RegistryEntry[][] = [];
  for (const s of [...by.values()].sort((a, b) => a.shard.index - b.shard.index)) {
    for (const [path, bytes] of s.files) {
      if (path === "registry.json") {
        let listing: unknown;
        try {
          listing = (JSON.parse(Buffer.from(bytes).toString("utf8")) as { packs?: unknown }).packs;
        } catch {
          listing = undefined;
        }
        if (!Array.isArray(listing)) throw new MergeError(`${s.dir}/registry.json is not a registry listing packc writes: compile the shard again`);
        listings.push(listing as RegistryEntry[]);
        continue;
      }
      const tenant = /^tenants\/([^/]+)\//.exec(path)?.[1];
      if (tenant !== undefined && shardOf(tenant, count) !== s.shard.index) throw new MergeError(`${s.dir} holds tenant ${tenant}, which belongs to shard ${shardOf(tenant, count)}/${count}, not ${s.shard.index}/${count}`);
      const seen = files.get(path);
      if (seen && Buffer.compare(seen.bytes, bytes) !== 0) throw new MergeError(`${path} differs between ${seen.dir} and ${s.dir}: the shards were not compiled from the same repository`);
      if (seen && tenant !== undefined) throw new MergeError(`${path} is in both ${seen.dir} and ${s.dir}: the shards overlap`);
      files.set(path, { bytes, dir: s.dir });
    }
  }
  const source = shards[0]!.source;
  const other = shards.find((s) => canonicalJson(s.source) !== canonicalJson(source));
  if (other) throw new MergeError(`${other.dir} was compiled from ${describeSource(other.source)}, but ${shards[0]!.dir} from ${describeSource(source)}: compile every shard from the same commit`);
  const registry = mergeEntries(listings);
  if (typeof registry === "string") throw new MergeError(`${registry}: the shards were not compiled from the same repository`);
  function* all(): Generator<[string, Artefact]> {
    yield ["registry.json", canonicalJson({ packs: registry })];
    for (const path of [...files.keys()].sort(cmp)) yield [path, files.get(path)!.bytes];
  }
  return indexed(all(), source);
}
