import type { Workspace } from "../load/workspace.js";
import type { PackVersion } from "../model/pack.js";
import { isRecord } from "../dialects/pack-files.js";
import { parsePointer, pointer } from "../util/json-pointer.js";

/** One overlay (or the base config) that set, merged into, replaced or deleted the value at a pointer. */
export interface ConfigStep {
  /** `pack@version`, or "base" for the base config. */
  source: string;
  file: string;
  line: number;
  /** The pointer inside that file. */
  pointer: string;
  /**
   * set: it gives the value (the base config's, or a replacement); merged: an object merged into
   * it (RFC 7386); deleted: `null` removes it; replaced-ancestor and deleted-ancestor: the
   * overlay replaces or removes an enclosing value (`pointer` names it).
   */
  action: "set" | "merged" | "deleted" | "replaced-ancestor" | "deleted-ancestor";
  /** The value the step writes at its pointer (undefined for a deletion). */
  value?: unknown;
}

/** Why the active config holds what it holds at a pointer (`packc explain --config`). */
export interface ConfigTrace {
  pointer: string;
  /** The value in the tenant's merged config (undefined: absent). */
  value: unknown;
  steps: ConfigStep[];
}

/** The value at `tokens` in `v`, or undefined. */
function at(v: unknown, tokens: readonly string[]): unknown {
  let cur = v;
  for (const t of tokens) {
    if (!isRecord(cur) || !Object.hasOwn(cur, t)) return undefined;
    cur = cur[t];
  }
  return cur;
}

/**
 * The chain of writes to merged-config pointer `p` (into the tenant's merged config, e.g.
 * `/pools/topics/job.x.y`): the base config's value, then every config overlay of `packs`, in
 * the order composition applies them (`compose/config.ts`: resolution order, manifest order
 * within a pack), that sets, merges into, deletes, or replaces or deletes an ancestor of it, per
 * JSON merge patch (RFC 7386), each with its file:line; and the merged value. Pure over the
 * workspace's parsed files. Throws for a pointer that is not RFC 6901.
 */
export function explainConfig(p: string, merged: Record<string, unknown>, base: { config: Record<string, unknown>; file: string | null }, packs: readonly PackVersion[], ws: Workspace): ConfigTrace {
  const tokens = parsePointer(p);
  const steps: ConfigStep[] = [];
  const line = (file: string, ptr: string) => ws.parse(file)?.doc.locate(ptr).line ?? 1;
  const baseValue = at(base.config, tokens);
  if (baseValue !== undefined && base.file) steps.push({ source: "base", file: base.file, line: line(base.file, p), pointer: p, action: "set", value: baseValue });
  const [key, ...rest] = tokens;
  for (const pack of packs) {
    for (const o of pack.configOverlays) {
      if (o.key !== key) continue;
      let cur: unknown = o.patch;
      for (let i = 0; i <= rest.length; i++) {
        const here = pointer(rest.slice(0, i));
        if (i === rest.length) {
          const action = cur === null ? "deleted" : isRecord(cur) ? "merged" : "set";
          steps.push({ source: `${pack.id}@${pack.version}`, file: o.file, line: line(o.file, here), pointer: here, action, ...(cur === null ? {} : { value: cur }) });
          break;
        }
        if (!isRecord(cur)) {
          // A scalar, array or null where an object would go on: the overlay replaces (or deletes) the enclosing value.
          steps.push({ source: `${pack.id}@${pack.version}`, file: o.file, line: line(o.file, here), pointer: here, action: cur === null ? "deleted-ancestor" : "replaced-ancestor", ...(cur === null ? {} : { value: cur }) });
          break;
        }
        if (!Object.hasOwn(cur, rest[i]!)) break;
        cur = cur[rest[i]!];
      }
    }
  }
  return { pointer: p, value: at(merged, tokens), steps };
}
