import { makeDiagnostic, type Diagnostic } from "../diagnostics/types.js";
import type { Workspace } from "../load/workspace.js";
import type { PackVersion } from "../model/pack.js";
import { escapeToken, pointer } from "../util/json-pointer.js";
import { isRecord, strings } from "../dialects/pack-files.js";
import { originOf, type ComposedConfig } from "./config.js";

/**
 * Checks that every topic the packs declare can be dispatched by the merged pools document, as
 * the scheduler's least-loaded strategy does: the topic → pool lookup is by exact key, each
 * named pool must exist (PK405), and a pool is eligible only when its `requires` contains every
 * `requires` of the topic, case-insensitively (PK404). A topic with no route fails every job
 * dispatched on it (the scheduler finds no pool mapping): an error at each workflow step that
 * dispatches it (PK406); a declared topic no step dispatches is a warning (PK403).
 */
export function checkRouting(composed: ComposedConfig, packs: readonly PackVersion[], ws: Workspace): Diagnostic[] {
  const pools = isRecord(composed.config.pools) ? composed.config.pools : {};
  const routes = isRecord(pools.topics) ? pools.topics : {};
  const defined = isRecord(pools.pools) ? pools.pools : {};
  const out: Diagnostic[] = [];
  const dispatched = new Map<string, StepTopic[]>();
  for (const pack of packs) for (const s of stepTopics(pack)) dispatched.set(s.topic, [...(dispatched.get(s.topic) ?? []), s]);
  for (const [topic, steps] of dispatched) {
    if (routes[topic] !== undefined) continue;
    for (const s of steps) {
      out.push(makeDiagnostic("PK406", ws.parse(s.file)!.doc.locate(s.pointer), `step "${s.step}" dispatches ${topic}, which is routed to no pool: every job of it fails`, "map the topic in a pools overlay: topics: { <topic>: <pool> }"));
    }
  }
  for (const pack of packs) {
    // Parsed (from the cache) only for a diagnostic: a lookup per pack per tenant cost more than the check.
    const manifest = () => ws.parse(pack.manifest)!.doc;
    for (const topic of pack.topics) {
      // Located only for a diagnostic: locating parses the overlay for positions.
      const at = () => {
        const origin = originOf(composed.origins, `/pools/topics/${escapeToken(topic.name)}`);
        return origin ? ws.parse(origin.file)!.doc.locate(origin.pointer, "key") : manifest().locate(topic.pointer);
      };
      const route = routes[topic.name];
      if (route === undefined) {
        if (dispatched.has(topic.name)) continue;
        out.push(makeDiagnostic("PK403", manifest().locate(`${topic.pointer}/name`), `topic ${topic.name} is routed to no pool`, "map it in a pools overlay: topics: { <topic>: <pool> }"));
        continue;
      }
      for (const pool of typeof route === "string" ? [route] : strings(route)) {
        const def = defined[pool];
        if (!isRecord(def)) {
          out.push(makeDiagnostic("PK405", at(), `topic ${topic.name} routes to pool "${pool}", which no pools document defines`, "define the pool under pools:"));
          continue;
        }
        const has = requiresOf(def);
        const missing = topic.requires.filter((r) => !has.has(r.toLowerCase()));
        if (missing.length) {
          out.push(makeDiagnostic("PK404", at(), `pool "${pool}" cannot run ${topic.name}: it lacks requires ${missing.join(", ")}`, `add ${missing.join(", ")} to pools.${pool}.requires`));
        }
      }
    }
  }
  return out;
}

/** A pool definition's `requires`, lower-cased, by definition object: most are an overlay's own object, which every tenant composed with it holds. */
const requiresByPool = new WeakMap<object, ReadonlySet<string>>();

function requiresOf(def: Record<string, unknown>): ReadonlySet<string> {
  let has = requiresByPool.get(def);
  if (has === undefined) requiresByPool.set(def, (has = new Set(strings(def.requires).map((r) => r.toLowerCase()))));
  return has;
}

/** A topic a workflow step dispatches, and where: the step's `topic` in its workflow file. */
interface StepTopic {
  topic: string;
  step: string;
  file: string;
  pointer: string;
}

/** Per pack version (its own object), the topics its workflows' steps dispatch; templated topics are left out. */
const stepTopicsByPack = new WeakMap<PackVersion, StepTopic[]>();

function stepTopics(pack: PackVersion): StepTopic[] {
  let found = stepTopicsByPack.get(pack);
  if (found) return found;
  found = [];
  for (const wf of pack.workflows) {
    const steps = isRecord(wf.document.steps) ? wf.document.steps : {};
    for (const [step, def] of Object.entries(steps)) {
      if (isRecord(def) && typeof def.topic === "string" && def.topic !== "" && !def.topic.includes("${")) found.push({ topic: def.topic, step, file: wf.file, pointer: pointer(["steps", step, "topic"]) });
    }
  }
  stepTopicsByPack.set(pack, found);
  return found;
}
