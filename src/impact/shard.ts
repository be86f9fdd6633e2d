import { createHash } from "node:crypto";

/** One of `count` shards of a run (`--shard I/N`), `index` from 1. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Parses `I/N` (1 ≤ I ≤ N ≤ 1000, decimal) as `--shard` takes it, the way CI matrices number
 * jobs; null when it is not of that form (the caller says so, exit 2).
 */
export function parseShard(text: string): Shard | null {
  const m = /^([1-9]\d{0,3})\/([1-9]\d{0,3})$/.exec(text.trim());
  if (!m) return null;
  const [index, count] = [Number(m[1]), Number(m[2])];
  return index <= count && count <= 1000 ? { index, count } : null;
}

/**
 * The shard (from 1) that tenant `id` belongs to among `count`: the first four bytes of the
 * SHA-256 of its id, as an unsigned big-endian number, modulo `count`, plus one. It depends on
 * the id alone, so adding or removing a tenant never moves another one to a different shard
 * (a split by list position would move every tenant after it).
 */
export function shardOf(id: string, count: number): number {
  return (createHash("sha256").update(id, "utf8").digest().readUInt32BE(0) % count) + 1;
}
