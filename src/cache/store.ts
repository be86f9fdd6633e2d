import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PACKC_VERSION } from "../version.js";
import { compactable, segmentIndex, segmentReader, segmentRecord, writeSegment, type Located } from "./segments.js";

/**
 * A content-addressed store of JSON values: the key is a sha256 (hex) of every input the value
 * was computed from (`cache/keys.ts`), so an entry never needs invalidating, only finding. Each
 * entry carries the sha256 of its own text; one that does not match (a corrupt, truncated or
 * hand-edited cache) is dropped and recomputed, never trusted.
 */
export interface CacheStore {
  /** The value stored under `key`, or undefined (absent, or failing its own digest). */
  get<T>(key: string): T | undefined;
  /**
   * Stores `value` (JSON) under `key`; with `apart`, in a file of its own whatever its size (an
   * entry most runs do not ask for, such as a pack version's full load), so the main file, which
   * every run reads whole, stays small.
   */
  put(key: string, value: unknown, apart?: boolean): void;
  /** Entries found and entries stored in this run, and entries dropped for failing their digest. */
  readonly stats: { hits: number; stored: number; rejected: number };
  /**
   * Writes the store back (a file store: atomically, keeping what this run used and stored plus
   * earlier entries, in the order last written, up to four times as many or as many as it held,
   * whichever is more, so a narrow run such as `check --tenant` never empties a whole check's
   * cache; nothing when this run stored nothing new and found nothing damaged); returns a
   * warning when it could not, never throws.
   */
  save(): string | null;
}

/**
 * Which build of packc wrote a cache: the version and the sha256 of the running bundle (the
 * module itself when run from source), so a cache written by any other build, even of the same
 * version number, is never read.
 */
export function buildId(): string {
  let own = "";
  try {
    own = createHash("sha256").update(readFileSync(fileURLToPath(import.meta.url))).digest("hex").slice(0, 16);
  } catch {
    own = "unknown";
  }
  return `${PACKC_VERSION}-${own}`;
}

interface Entry {
  /** sha256 hex of `json`. */
  sha256: string;
  json: string;
  /** Kept in a file of its own (read from one, or stored with `apart`); never in the main file. */
  apart?: true;
}

const sha = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** The Cache Directory Tagging Specification's mark: backup tools skip the directory, and packc knows it wrote it. */
export const CACHEDIR_TAG = "CACHEDIR.TAG";
const TAG_TEXT = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by packc.\n# For information about cache directory tags see https://bford.info/cachedir/\n";

/** A store held in memory only (tests, and `--no-cache` runs that still want the same code path). */
export function memoryCache(): CacheStore {
  return storeOver(new Map(), () => null);
}

/**
 * The store `open` makes, made on first use: a run that never asks for an entry (a
 * `--changed-since` whose change reaches no pack or tenant) reads nothing (the main file of a
 * large repository's cache is megabytes) and writes nothing. Its stats are zeros until then.
 */
export function lazyStore(open: () => CacheStore): CacheStore {
  let store: CacheStore | undefined;
  const now = () => (store ??= open());
  const idle = Object.freeze({ hits: 0, stored: 0, rejected: 0 });
  return {
    get: (key) => now().get(key),
    put: (key, value, apart) => now().put(key, value, apart),
    get stats() {
      return store?.stats ?? idle;
    },
    save: () => store?.save() ?? null,
  };
}

/** An entry's text at or above this many characters is kept in a file of its own, read only when asked for. */
export const LARGE_ENTRY = 64 * 1024;

/**
 * The store in directory `dir` for this build: one file `<build>.json` (its own sha256, a
 * newline, and the entries by key as JSON: when its digest holds, the file is as packc wrote it,
 * so its entries' digests are not checked one by one; when not, each entry is) beside a
 * `CACHEDIR.TAG` and a `.gitignore` of `*`, so git never sees it. An entry of {@link
 * LARGE_ENTRY} characters or more (the stat and blob indexes of a large repository) lives in a
 * file of its own, `<build>/<key>` (its sha256, a newline, its text), which is read only when a
 * run asks for that key and rewritten only when its value changed; the main file lists those
 * keys. Entries stored `apart` (thousands of pack versions' full loads, of a few KiB each) are
 * appended together, each as its sha256, a newline and its text, to one segment file per run,
 * `<build>/seg-<digest>`, which the main file indexes (key, byte offset, byte length; see
 * `cache/segments.ts`). A segment is read whole on the first entry asked
 * of it; one whose live entries fill less than half of it is compacted into the run's new
 * segment, and one with no live entry is deleted. A missing, unreadable or truncated file is an
 * empty store (or a missing entry); files of other builds are left alone and never read.
 */
export function fileCache(dir: string, build = buildId()): CacheStore {
  const file = join(dir, `${build}.json`);
  const deltaFile = join(dir, `${build}.json.delta`);
  const largeDir = join(dir, build);
  let entries = new Map<string, Entry>();
  let large = new Set<string>();
  let located = new Map<string, Located>();
  // Entries of a main file whose own digest holds are intact: their digests need no checking one by one.
  let intact = false;
  // The intact main file's digest and length, and the small entries of the delta over it.
  let main = { sha256: "", length: 0 };
  let delta = new Map<string, Entry>();
  const listing = (value: unknown) => new Set(Array.isArray(value) ? value.filter((k): k is string => typeof k === "string" && HEX_KEY.test(k)) : []);
  try {
    const text = readFileSync(file, "utf8");
    const own = entryOf(text);
    const parsed = JSON.parse(own.json) as StoredMain;
    if (parsed.build === build && parsed.entries && typeof parsed.entries === "object") {
      intact = sha(own.json) === own.sha256;
      entries = new Map(Object.entries(parsed.entries));
      large = listing(parsed.large);
      located = segmentIndex(parsed.segments);
      if (intact) main = { sha256: own.sha256, length: own.json.length };
    }
  } catch {
    // Absent, unreadable or not JSON (a truncated write of an older packc): start empty.
  }
  if (intact) {
    try {
      const own = entryOf(readFileSync(deltaFile, "utf8"));
      const parsed = JSON.parse(own.json) as StoredMain & { base?: unknown };
      // Only a delta that is intact and names this very main file is read; any other is stale or damaged.
      if (sha(own.json) === own.sha256 && parsed.build === build && parsed.base === main.sha256 && parsed.entries && typeof parsed.entries === "object") {
        delta = new Map(Object.entries(parsed.entries));
        for (const [k, e] of delta) entries.set(k, e);
        large = listing(parsed.large);
        located = segmentIndex(parsed.segments);
      }
    } catch {
      // No delta (or one that cannot be read): the main file alone.
    }
  }
  const readLarge = (key: string): Entry | undefined => {
    if (!large.has(key)) return undefined;
    try {
      return entryOf(readFileSync(join(largeDir, key), "utf8"));
    } catch {
      return undefined;
    }
  };
  const segments = segmentReader(largeDir);
  const readApart = (key: string): Entry | undefined => {
    const at = located.get(key);
    const text = at && segments.read(at);
    return text === undefined ? undefined : { ...entryOf(text), apart: true };
  };
  return storeOver(entries, (keep, changed, rejected, budget) => {
    const written: string[] = [];
    try {
      mkdirSync(dir, { recursive: true });
      if (!existsSync(join(dir, CACHEDIR_TAG))) writeFileSync(join(dir, CACHEDIR_TAG), TAG_TEXT);
      if (!existsSync(join(dir, ".gitignore"))) writeFileSync(join(dir, ".gitignore"), "# written by packc: the cache is never committed\n*\n");
      const small = new Map([...keep].filter(([, e]) => !e.apart && e.json.length < LARGE_ENTRY).map(([k, e]) => [k, { sha256: e.sha256, json: e.json }] as const));
      const apart = new Map([...keep].filter(([k, e]) => e.apart && HEX_KEY.test(k)));
      // Entries held apart that this run did not ask for stay as they are, within the budget.
      let room = Math.max(0, budget - keep.size);
      const carriedLarge = [...large].filter((k) => !keep.has(k)).sort().slice(0, room);
      room -= carriedLarge.length;
      const carriedApart = [...located.keys()].filter((k) => !keep.has(k)).sort().slice(0, room);
      const keys = [...new Set([...[...keep.keys()].filter((k) => !small.has(k) && !apart.has(k) && HEX_KEY.test(k)), ...carriedLarge])].sort();
      for (const [key, e] of changed) {
        if (!keep.has(key) || small.has(key) || apart.has(key) || !HEX_KEY.test(key)) continue;
        mkdirSync(largeDir, { recursive: true });
        const tmp = join(largeDir, `${key}.${process.pid}.tmp`);
        written.push(tmp);
        writeFileSync(tmp, `${e.sha256}\n${e.json}`);
        renameSync(tmp, join(largeDir, key));
      }
      // Entries apart: the changed ones go to a new segment, the others stay where they are,
      // unless their segment is mostly dead, when they move to the new one too.
      const next = new Map<string, Located>();
      for (const k of [...apart.keys(), ...carriedApart]) {
        const at = located.get(k);
        if (at && !changed.has(k)) next.set(k, at);
      }
      const moved = new Map<string, Entry>();
      for (const k of compactable(next, located)) {
        const e = apart.get(k) ?? readApart(k);
        next.delete(k);
        if (e && sha(e.json) === e.sha256) moved.set(k, e);
      }
      const fresh = [...[...apart].filter(([k]) => changed.has(k)), ...moved].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
      if (fresh.length) for (const [k, at] of writeSegment(largeDir, fresh.map(([k, e]) => [k, `${e.sha256}\n${e.json}`] as const), written)) next.set(k, at);
      const index = segmentRecord(next);
      // The main file changes when a small entry did (or was found damaged), or the large keys or the segment index did.
      const smallChanged = [...changed].filter(([k]) => small.has(k));
      if (rejected || smallChanged.length || keys.join() !== [...large].sort().join() || JSON.stringify(index) !== JSON.stringify(segmentRecord(located))) {
        const nextDelta = new Map(delta);
        for (const [k, e] of smallChanged) nextDelta.set(k, { sha256: e.sha256, json: e.json });
        let size = 0;
        for (const [k, e] of nextDelta) size += k.length + e.json.length + 80;
        if (!rejected && main.sha256 && size <= DELTA_SHARE * main.length) {
          // A few small entries changed over an intact main file: only the delta is rewritten.
          const tmp = `${deltaFile}.${process.pid}.tmp`;
          written.push(tmp);
          const json = JSON.stringify({ build, base: main.sha256, entries: Object.fromEntries(nextDelta), large: keys, segments: index });
          writeFileSync(tmp, `${sha(json)}\n${json}`);
          renameSync(tmp, deltaFile);
          delta = nextDelta;
        } else {
          const tmp = `${file}.${process.pid}.tmp`;
          written.push(tmp);
          const json = JSON.stringify({ build, entries: Object.fromEntries(small), large: keys, segments: index });
          const digest = sha(json);
          writeFileSync(tmp, `${digest}\n${json}`);
          renameSync(tmp, file);
          // The delta names the main file it was written over, so a delta left behind is never read.
          rmSync(deltaFile, { force: true });
          main = { sha256: digest, length: json.length };
          delta = new Map();
        }
      }
      // Large entries and segments no longer kept are deleted (the main file no longer names them).
      const kept = new Set([...keys, ...Object.keys(index)]);
      for (const name of existsSync(largeDir) ? readdirSync(largeDir) : []) if (!kept.has(name)) rmSync(join(largeDir, name), { force: true });
      large = new Set(keys);
      located = next;
      segments.clear();
      return null;
    } catch (e) {
      for (const tmp of written) rmSync(tmp, { force: true });
      return `could not write the cache in ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the next run starts cold`;
    }
  }, (key) => readLarge(key) ?? readApart(key), () => intact, () => entries.size + large.size + located.size);
}

/** The main file's JSON (and a delta's, which also names the main file it was written over in `base`). */
interface StoredMain {
  build?: unknown;
  entries?: Record<string, Entry>;
  large?: unknown;
  segments?: unknown;
}

/**
 * A run that changes small entries whose text, with those a delta already holds, is at most this
 * share of the main file's writes them as a delta beside it instead of rewriting the main file
 * (the entries every run reads whole: megabytes at the large size).
 */
const DELTA_SHARE = 1 / 8;

/** An entry as a large file or a segment holds it: its sha256, a newline, its text (a text without a newline fails its digest). */
function entryOf(text: string): Entry {
  const nl = text.indexOf("\n");
  return { sha256: nl === -1 ? "" : text.slice(0, nl), json: text.slice(nl + 1) };
}

/** A cache key: a sha256 in hex (what names a large entry's file, so nothing else may; a segment's name starts `seg-`). */
const HEX_KEY = /^[0-9a-f]{64}$/;

/**
 * The store over `entries` (as read), with `readLarge` for entries held apart (read on first
 * use). `write` gets the entries to keep, the ones stored with a new value in this run (so a
 * writer that keeps large entries apart rewrites only those), and whether any entry was found
 * damaged, and how many entries in all it may keep (entries held apart that this run did not
 * use among them). `held` counts every entry the store holds, wherever kept.
 */
function storeOver(entries: Map<string, Entry>, write: (keep: Map<string, Entry>, changed: Map<string, Entry>, rejected: boolean, budget: number) => string | null, readLarge: (key: string) => Entry | undefined = () => undefined, intact: () => boolean = () => false, held: () => number = () => entries.size): CacheStore {
  const used = new Map<string, Entry>();
  const changed = new Map<string, Entry>();
  const stats = { hits: 0, stored: 0, rejected: 0 };
  return {
    stats,
    get<T>(key: string): T | undefined {
      const known = used.get(key);
      const listed = known ? undefined : entries.get(key);
      const e = known ?? listed ?? readLarge(key);
      if (!e) return undefined;
      // What this run computed, or read from an intact main file, is what its digest says.
      const checked = e === known || (e === listed && intact());
      if (typeof e.json !== "string" || (!checked && sha(e.json) !== e.sha256)) {
        stats.rejected++;
        entries.delete(key);
        return undefined;
      }
      try {
        const value = JSON.parse(e.json) as T;
        used.set(key, e);
        stats.hits++;
        return value;
      } catch {
        stats.rejected++;
        entries.delete(key);
        return undefined;
      }
    },
    put(key, value, apart) {
      const json = JSON.stringify(value);
      const entry: Entry = { sha256: sha(json), json, ...(apart ? { apart } : {}) };
      const had = used.get(key) ?? entries.get(key);
      used.set(key, entry);
      // Storing what the store already holds changes nothing it must write.
      if (had?.sha256 !== entry.sha256 || had.json !== json || !had.apart !== !entry.apart) {
        stats.stored++;
        changed.set(key, entry);
      }
    },
    save() {
      // Nothing stored and nothing dropped: the store as read already holds every entry used.
      if (stats.stored === 0 && stats.rejected === 0) return null;
      // The cache never shrinks below what it held: bounded by four times the largest run's entries.
      const budget = Math.max(4 * used.size, 1000, held());
      const keep = new Map(used);
      for (const [k, e] of entries) {
        if (keep.size >= budget) break;
        if (!keep.has(k)) keep.set(k, e);
      }
      return write(keep, changed, stats.rejected > 0, budget);
    },
  };
}
