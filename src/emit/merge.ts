import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cmp } from "../diagnostics/types.js";
import { shardOf, type Shard } from "../impact/shard.js";
import { mergeEntries, type RegistryEntry } from "../registry/status.js";
import { sha256Hex } from "../util/digest.js";
import { canonicalJson } from "../util/canonical-json.js";
import { PACKC_VERSION } from "../version.js";
import { indexed, type Artefact } from "./artefacts.js";

/** Shard outputs that cannot be joined; the message says which and why (exit 2). */
export class MergeError extends Error {}

/** One shard's compiled output, read and checked against its own `SHA256SUMS`. */
export interface ShardOutput {
  /** The directory as the user named it (for messages). */
  dir: string;
  shard: Shard;
  /** Every file the output lists (`index.json` and `SHA256SUMS` aside), path → bytes. */
  files: Map<string, Uint8Array>;
}

/**
 * Reads the output `compile --shard I/N` wrote to `dir` (as named, resolved against `base`):
 * its `index.json` must name this packc version and a shard, and every file `SHA256SUMS`
 * lists must be there with that digest (a truncated or edited file is refused, not merged).
 * Throws MergeError saying what is wrong.
 */
export function readShardOutput(dir: string, base: string): ShardOutput {
  const root = join(base, dir);
  const read = (rel: string): Buffer => {
    try {
      return readFileSync(join(root, rel));
    } catch (e) {
      throw new MergeError(`${dir}: cannot read ${rel} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): is it the output of packc compile --shard?`);
    }
  };
  let index: { packc?: unknown; shard?: { index?: unknown; count?: unknown } };
  try {
    index = JSON.parse(read("index.json").toString("utf8")) as typeof index;
  } catch (e) {
    if (e instanceof MergeError) throw e;
    throw new MergeError(`${dir}/index.json is not JSON`);
  }
  if (index.packc !== PACKC_VERSION) throw new MergeError(`${dir} was written by packc ${String(index.packc)}, not ${PACKC_VERSION}: compile every shard with the same packc`);
  const { index: i, count: n } = index.shard ?? {};
  if (typeof i !== "number" || typeof n !== "number") throw new MergeError(`${dir} is not one shard's output (its index.json names no shard): compile it with --shard I/N`);
  const files = new Map<string, Uint8Array>();
  for (const line of read("SHA256SUMS").toString("utf8").split("\n").filter(Boolean)) {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    // Only plain relative paths: a listed "../x" or "/x" would be read from, and written to, outside the directories.
    if (!m || !safePath(m[2]!)) throw new MergeError(`${dir}/SHA256SUMS has a line packc does not write (${JSON.stringify(line.slice(0, 120))}): compile the shard again`);
    const [sum, path] = [m[1]!, m[2]!];
    if (path === "index.json" || path === "SHA256SUMS") continue;
    const bytes = read(path);
    if (sha256Hex(bytes) !== sum) throw new MergeError(`${dir}/${path} does not match its SHA256SUMS line: the output was changed after packc wrote it; compile the shard again`);
    files.set(path, bytes);
  }
  return { dir, shard: { index: i, count: n }, files };
}

/** Whether `path` is a plain relative path: `/`-separated names, none empty, `.` or `..`, no backslash or control character. */
function safePath(path: string): boolean {
  return !/[\\\u0000-\u001f]/.test(path) && path.split("/").every((part) => part !== "" && part !== "." && part !== "..");
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
  const registry = mergeEntries(listings);
  if (typeof registry === "string") throw new MergeError(`${registry}: the shards were not compiled from the same repository`);
  function* all(): Generator<[string, Artefact]> {
    yield ["registry.json", canonicalJson({ packs: registry })];
    for (const path of [...files.keys()].sort(cmp)) yield [path, files.get(path)!.bytes];
  }
  return indexed(all());
}
