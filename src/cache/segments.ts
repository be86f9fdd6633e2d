import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Segment files of the cache (`cache/store.ts`): many small entries written together, one file
 * per run, since creating a file costs far more than writing its bytes (about 0.4 ms against a
 * few µs per entry on a CI disk). A segment is named `seg-<first 32 hex of its sha256>` and holds
 * entry texts back to back; the store's main file indexes each entry by key, byte offset and
 * byte length. Nothing here checks an entry's own digest: the store does.
 */

/** Where an entry lies: its segment file, and its byte offset and length there. */
export interface Located {
  segment: string;
  offset: number;
  length: number;
}

const SEGMENT = /^seg-[0-9a-f]{32}$/;
const HEX_KEY = /^[0-9a-f]{64}$/;

/** The main file's segment index (`{ segment: [[key, offset, length], ...] }`) as a map by key; rows that are malformed are left out. */
export function segmentIndex(value: unknown): Map<string, Located> {
  const out = new Map<string, Located>();
  if (typeof value !== "object" || value === null) return out;
  for (const [segment, list] of Object.entries(value)) {
    if (!SEGMENT.test(segment) || !Array.isArray(list)) continue;
    for (const row of list) {
      if (!Array.isArray(row) || row.length !== 3) continue;
      const [key, offset, length] = row as unknown[];
      if (typeof key === "string" && HEX_KEY.test(key) && Number.isSafeInteger(offset) && Number.isSafeInteger(length) && (offset as number) >= 0 && (length as number) > 0) out.set(key, { segment, offset: offset as number, length: length as number });
    }
  }
  return out;
}

/** The index to write (the inverse of {@link segmentIndex}): segments sorted by name, rows by offset. */
export function segmentRecord(located: ReadonlyMap<string, Located>): Record<string, [string, number, number][]> {
  const by = new Map<string, [string, number, number][]>();
  for (const [key, at] of located) {
    const list = by.get(at.segment) ?? [];
    list.push([key, at.offset, at.length]);
    by.set(at.segment, list);
  }
  return Object.fromEntries([...by].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([s, rows]) => [s, rows.sort((a, b) => a[1] - b[1])]));
}

/**
 * Reads entry texts from the segments in `dir`, each segment whole on first use and kept until
 * `clear`. A missing or unreadable segment, or a range past its end, gives undefined.
 */
export function segmentReader(dir: string): { read(at: Located): string | undefined; clear(): void } {
  const bytes = new Map<string, Buffer | null>();
  return {
    read(at) {
      let b = bytes.get(at.segment);
      if (b === undefined) {
        try {
          b = readFileSync(join(dir, at.segment));
        } catch {
          b = null;
        }
        bytes.set(at.segment, b);
      }
      return b && at.offset + at.length <= b.length ? b.toString("utf8", at.offset, at.offset + at.length) : undefined;
    },
    clear: () => bytes.clear(),
  };
}

/**
 * The keys of `live` whose segment's live entries fill less than half of it (by the sizes of all
 * entries `all` places there): those are moved to the next segment, and the old one then dropped.
 */
export function compactable(live: ReadonlyMap<string, Located>, all: ReadonlyMap<string, Located>): string[] {
  const sum = (m: ReadonlyMap<string, Located>) => {
    const out = new Map<string, number>();
    for (const at of m.values()) out.set(at.segment, (out.get(at.segment) ?? 0) + at.length);
    return out;
  };
  const [used, size] = [sum(live), sum(all)];
  return [...live].filter(([, at]) => 2 * used.get(at.segment)! < size.get(at.segment)!).map(([k]) => k);
}

/**
 * Writes `entries` (key and text, sorted by key) as one segment in `dir` (atomically: a
 * temporary file, pushed to `written` so a failed save removes it, then renamed; nothing when a
 * segment of the same bytes exists) and returns where each entry lies. Throws on I/O errors.
 */
export function writeSegment(dir: string, entries: readonly (readonly [string, string])[], written: string[]): Map<string, Located> {
  const parts = entries.map(([k, text]) => [k, Buffer.from(text, "utf8")] as const);
  const content = Buffer.concat(parts.map(([, b]) => b));
  const segment = `seg-${createHash("sha256").update(content).digest("hex").slice(0, 32)}`;
  const out = new Map<string, Located>();
  let offset = 0;
  for (const [k, b] of parts) {
    out.set(k, { segment, offset, length: b.length });
    offset += b.length;
  }
  if (!existsSync(join(dir, segment))) {
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `${segment}.${process.pid}.tmp`);
    written.push(tmp);
    writeFileSync(tmp, content);
    renameSync(tmp, join(dir, segment));
  }
  return out;
}
