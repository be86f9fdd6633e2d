import semver from "semver";
import type { Registry } from "../dialects/types.js";
import type { PackVersion } from "../model/pack.js";

/** A resolution failure, named after Portarium's resolver errors. */
export interface ResolveError {
  kind: "not-found" | "no-version" | "core" | "conflict" | "cycle";
  id: string;
  message: string;
  /** Who asked for `id`: "request" or `<pack>@<version>`. */
  requiredBy: string;
}

/** The packs in resolution (breadth-first) order, or the first error. */
export type Resolution = { ok: true; packs: PackVersion[] } | { ok: false; error: ResolveError };

/** Inputs of one resolution. */
export interface ResolveInput {
  core: string;
  requests: readonly { id: string; range: string }[];
  registry: Registry;
  /** Versions to keep when they still satisfy every constraint (the current lockfile). */
  prefer?: ReadonlyMap<string, string>;
  /** When given, each pick is recorded in it by pack id (`packc explain --pack`). */
  trace?: Map<string, PickTrace>;
}

/** Why one version was or was not picked. */
export interface VersionVerdict {
  version: string;
  /** picked; out of range (`failed` names the ranges it fails); core (its `requiresCore` rejects the core); passed over (a preferred version was kept instead, or a higher one was picked). */
  verdict: "picked" | "out-of-range" | "core" | "passed-over";
  /** The ranges it fails (out of range), or its `requiresCore` (core). */
  detail: string[];
}

/** One pick of the resolver, as it made it: the constraints known then, and each version's verdict, newest first. */
export interface PickTrace {
  id: string;
  /** Every range on the id when it was picked, and who asked for it ("request" or `<pack>@<version>`). */
  constraints: { range: string; by: string }[];
  core: string;
  /** The version the lockfile pins (kept when it still qualifies), if any. */
  preferred: string | null;
  versions: VersionVerdict[];
  /** The version picked, or null when none qualified (the resolution failed on this id). */
  picked: string | null;
}

const OPTS = { includePrerelease: true } as const;

/** Answers of {@link satisfies}, by range, then version: the same few ranges are asked about every tenant. (Two levels, so a lookup hashes the strings as they are instead of building a key.) */
const answers = new Map<string, Map<string, boolean>>();

/**
 * Whether `version` satisfies `range`, pre-releases by plain precedence as Portarium compares.
 * Memoized per process (semver parses the range and the version on every call).
 */
export function satisfies(version: string, range: string): boolean {
  let byVersion = answers.get(range);
  if (byVersion === undefined) answers.set(range, (byVersion = new Map()));
  let hit = byVersion.get(version);
  if (hit === undefined) {
    hit = semver.satisfies(version, range, OPTS);
    byVersion.set(version, hit);
  }
  return hit;
}

/**
 * Resolves requests to pack versions with Portarium's greedy semantics (`resolvePacksV1`, shared
 * research §2.5): ranges accumulate per id; a FIFO queue starts with the de-duplicated request
 * ids in order; each id takes the highest version satisfying every range so far whose
 * `requiresCore` accepts the core (incompatible versions are skipped, not fatal); dependencies
 * add ranges and join the queue; a new range against an already-resolved pack is a conflict (no
 * backtracking); cycles are rejected after resolution. packc adds one thing: a preferred version
 * (from the lockfile) is kept when it still qualifies, so re-locking never upgrades by surprise.
 */
export function resolve(input: ResolveInput): Resolution {
  const ranges = new Map<string, string[]>();
  const requiredBy = new Map<string, string>();
  // Who asked for each range, kept only for a trace.
  const askers = input.trace ? new Map<string, { range: string; by: string }[]>() : undefined;
  const ask = (id: string, range: string, by: string) => askers?.set(id, [...(askers.get(id) ?? []), { range, by }]);
  for (const r of input.requests) {
    ranges.set(r.id, [...(ranges.get(r.id) ?? []), r.range]);
    requiredBy.set(r.id, "request");
    ask(r.id, r.range, "request");
  }
  const queue = [...new Set(input.requests.map((r) => r.id))];
  const resolved = new Map<string, PackVersion>();
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (resolved.has(id)) continue;
    const by = requiredBy.get(id) ?? "request";
    const versions = input.registry.get(id);
    if (!versions?.length) return fail("not-found", id, `pack "${id}" is not in the registry`, by);
    const picked = pick(versions, ranges.get(id) ?? [], input.core, input.prefer?.get(id));
    if (input.trace) input.trace.set(id, pickTrace(id, versions, ranges.get(id) ?? [], askers!.get(id) ?? [], input.core, input.prefer?.get(id), "error" in picked ? null : picked.pack));
    if ("error" in picked) return fail(picked.error, id, picked.message, by);
    resolved.set(id, picked.pack);
    for (const [dep, range] of Object.entries(picked.pack.dependencies)) {
      ranges.set(dep, [...(ranges.get(dep) ?? []), range]);
      const who = `${id}@${picked.pack.version}`;
      if (!requiredBy.has(dep)) requiredBy.set(dep, who);
      ask(dep, range, who);
      const prior = resolved.get(dep);
      if (prior && !satisfies(prior.version, range)) {
        return fail("conflict", dep, `"${dep}" resolved to ${prior.version} but ${who} requires ${range}`, who);
      }
      queue.push(dep);
    }
  }
  const cycle = findCycle(resolved);
  if (cycle) return fail("cycle", cycle[0]!, `dependency cycle: ${cycle.join(" → ")}`, "request");
  return { ok: true, packs: [...resolved.values()] };
}

type Pick = { pack: PackVersion } | { error: "no-version" | "core"; message: string };

function pick(versions: readonly PackVersion[], ranges: string[], core: string, prefer: string | undefined): Pick {
  const inRange = versions.filter((v) => ranges.every((r) => satisfies(v.version, r)));
  const coreOk = (v: PackVersion) => v.requiresCore === null || satisfies(core, v.requiresCore);
  const preferred = inRange.find((v) => v.version === prefer && coreOk(v));
  const best = preferred ?? inRange.find(coreOk);
  if (best) return { pack: best };
  const wanted = ranges.join(" and ");
  if (inRange.length > 0) {
    const top = inRange[0]!;
    return { error: "core", message: `no version of "${top.id}" matching ${wanted} supports core ${core} (${top.version} requires core ${top.requiresCore})` };
  }
  return { error: "no-version", message: `no version of "${versions[0]!.id}" satisfies ${wanted} (available: ${versions.map((v) => v.version).join(", ")})` };
}

/** The verdict on every version of a pick, as {@link pick} decided it (for a trace only). */
function pickTrace(id: string, versions: readonly PackVersion[], ranges: string[], constraints: { range: string; by: string }[], core: string, prefer: string | undefined, chosen: PackVersion | null): PickTrace {
  const verdicts = versions.map((v): VersionVerdict => {
    if (v === chosen) return { version: v.version, verdict: "picked", detail: [] };
    const failed = ranges.filter((r) => !satisfies(v.version, r));
    if (failed.length) return { version: v.version, verdict: "out-of-range", detail: [...new Set(failed)] };
    if (v.requiresCore !== null && !satisfies(core, v.requiresCore)) return { version: v.version, verdict: "core", detail: [v.requiresCore] };
    return { version: v.version, verdict: "passed-over", detail: [] };
  });
  return { id, constraints, core, preferred: prefer ?? null, versions: verdicts, picked: chosen?.version ?? null };
}

function findCycle(resolved: Map<string, PackVersion>): string[] | null {
  const state = new Map<string, "open" | "done">();
  const visit = (id: string, path: string[]): string[] | null => {
    if (state.get(id) === "done") return null;
    if (state.get(id) === "open") return [...path.slice(path.indexOf(id)), id];
    state.set(id, "open");
    for (const dep of Object.keys(resolved.get(id)?.dependencies ?? {})) {
      if (!resolved.has(dep)) continue;
      const c = visit(dep, [...path, id]);
      if (c) return c;
    }
    state.set(id, "done");
    return null;
  };
  for (const id of resolved.keys()) {
    const c = visit(id, []);
    if (c) return c;
  }
  return null;
}

function fail(kind: ResolveError["kind"], id: string, message: string, requiredBy: string): Resolution {
  return { ok: false, error: { kind, id, message, requiredBy } };
}
