import type { Diagnostic } from "../diagnostics/types.js";
import type { SourceDoc } from "../load/source-doc.js";
import type { Workspace } from "../load/workspace.js";
import type { ConfigOverlay, PackVersion } from "../model/pack.js";
import { escapeToken, parsePointer, pointer } from "../util/json-pointer.js";
import { validateDoc } from "../validate/schemas.js";
import { isRecord } from "../dialects/pack-files.js";
import { mergePatchOwned } from "./merge-patch.js";
import { isShared, share } from "../util/shared.js";

/** Where a value of the merged config came from: the overlay file and the pointer inside it. */
export interface Origin {
  pack: string;
  file: string;
  pointer: string;
}

/**
 * The composed system config and, per merged-config pointer, the overlay that last set it
 * (`origins` is built on first read: only a diagnostic or a diff asks for it).
 */
export interface ComposedConfig {
  config: Record<string, unknown>;
  readonly origins: Map<string, Origin>;
}

/**
 * Applies every config overlay of `packs` (in resolution order, manifest order within a pack) to
 * the base config with JSON merge patch (RFC 7386/7396: null deletes, objects merge, arrays and
 * scalars replace; a section that is not an object starts from `{}`), by {@link mergePatchOwned},
 * which changes neither side: the tenant's config shares every part of the base config and of
 * the overlays that it holds unchanged (all marked shared, `util/shared.ts`) and owns only the
 * objects on the paths the overlays change. Where each value came from is computed once per
 * overlay and shared by every tenant.
 */
export function composeConfig(base: Record<string, unknown>, packs: readonly PackVersion[]): ComposedConfig {
  shareDeep(base);
  const config: Record<string, unknown> = { ...base };
  const owned = new Set<object>();
  for (const pack of packs) for (const o of pack.configOverlays) config[o.key] = mergePatchOwned(config[o.key], o.patch, owned);
  let origins: Map<string, Origin> | undefined;
  return {
    config,
    get origins() {
      if (!origins) {
        origins = new Map();
        for (const pack of packs) for (const o of pack.configOverlays) for (const [p, origin] of overlayOrigins(pack, o)) origins.set(p, origin);
      }
      return origins;
    },
  };
}

/** Marks every object and array of `v` shared (frozen; `util/shared.ts`), once. */
function shareDeep(v: unknown): void {
  if (v === null || typeof v !== "object" || isShared(v)) return;
  for (const x of Object.values(v)) shareDeep(x);
  share(v);
}

const originsByOverlay = new WeakMap<ConfigOverlay, ReadonlyArray<readonly [string, Origin]>>();

/** Every merged-config pointer an overlay sets, with its origin, in patch order (computed once per overlay). */
function overlayOrigins(pack: PackVersion, o: ConfigOverlay): ReadonlyArray<readonly [string, Origin]> {
  let list = originsByOverlay.get(o);
  if (!list) {
    const map = new Map<string, Origin>();
    record(o.patch, [o.key], [], { pack: `${pack.id}@${pack.version}`, file: o.file }, map);
    list = [...map];
    originsByOverlay.set(o, list);
  }
  return list;
}

function record(patch: unknown, at: string[], inPatch: string[], src: { pack: string; file: string }, out: Map<string, Origin>): void {
  out.set(pointer(at), { ...src, pointer: pointer(inPatch) });
  if (!isRecord(patch)) return;
  for (const [k, v] of Object.entries(patch)) record(v, [...at, k], [...inPatch, k], src, out);
}

/**
 * The origin of the longest recorded prefix of a merged-config pointer (the overlay that last
 * set it), with the pointer into that overlay file for the full path; undefined when no overlay
 * touched it.
 */
export function originOf(origins: Map<string, Origin>, p: string): Origin | undefined {
  const tokens = parsePointer(p);
  for (let n = tokens.length; n >= 1; n--) {
    const hit = origins.get(pointer(tokens.slice(0, n)));
    if (hit) return { ...hit, pointer: hit.pointer + pointer(tokens.slice(n)) };
  }
  return undefined;
}

/**
 * Validates the merged `pools` and `timeouts` documents against the scheduler's schemas (PK401,
 * PK402) and places each problem at the overlay line that set the offending value, or at the
 * base config when no overlay touched it.
 */
export function validateMerged(composed: ComposedConfig, ws: Workspace, baseFile: string | null): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [key, code] of [["pools", "PK401"], ["timeouts", "PK402"]] as const) {
    if (composed.config[key] === undefined) continue;
    const doc = mergedDoc(composed, key, ws, baseFile);
    for (const d of validateDoc(key, doc)) out.push({ ...d, code, message: `merged ${key}: ${d.message}` });
  }
  return out;
}

function mergedDoc(composed: ComposedConfig, key: string, ws: Workspace, baseFile: string | null): SourceDoc {
  const file = baseFile ?? "packc.yaml";
  return {
    file,
    value: composed.config[key],
    locate(p, anchor) {
      const full = `/${escapeToken(key)}${p}`;
      const origin = originOf(composed.origins, full);
      const doc = ws.parse(origin?.file ?? file)?.doc;
      return doc ? doc.locate(origin?.pointer ?? full, anchor) : { file, line: 1, column: 1, pointer: full };
    },
  };
}
