import { FORBIDDEN_KEYS } from "../load/parse.js";
import { share } from "../util/shared.js";
import { isRecord as isObject } from "../dialects/pack-files.js";
import { dictionaryCopy } from "../util/dictionary.js";

type Json = unknown;
type Obj = Record<string, unknown>;

/** Each patch's value applied to a non-object (see {@link applied}), by patch object. */
const appliedCache = new WeakMap<Obj, Obj>();

/**
 * What patch `p` yields applied to a target that is not an object (RFC 7386: the target becomes
 * `{}`, so the result is the patch without its `null` members, at every depth). Computed once
 * per patch object; a sub-object with no `null` below it is the patch's own object, so the
 * result shares the patch's structure. The objects are shared and frozen (`util/shared.ts`): a
 * tenant's config holds them as they are.
 */
function applied(p: Obj): Obj {
  let out = appliedCache.get(p);
  if (out === undefined) {
    let copy: Obj | null = null;
    for (const key of Object.keys(p)) {
      if (FORBIDDEN_KEYS.has(key)) {
        copy ??= prefix(p, key); // never reached (the loader rejects such keys, PK104); as the library, stop
        break;
      }
      const v = p[key];
      if (v === null) copy ??= prefix(p, key);
      else {
        const w = isObject(v) ? applied(v) : v;
        if (copy) copy[key] = w;
        else if (w !== v) (copy = prefix(p, key))[key] = w;
      }
    }
    out = share(copy ?? p);
    appliedCache.set(p, out);
  }
  return out;
}

/** The members of `o` before `stop`, in order. */
function prefix(o: Obj, stop: string): Obj {
  const out: Obj = {};
  for (const key of Object.keys(o)) {
    if (key === stop) break;
    out[key] = o[key];
  }
  return out;
}

/**
 * JSON merge patch (RFC 7386, the same as RFC 7396): `patch` applied to `target`. `null`
 * members delete, objects merge recursively, arrays and scalars replace. Neither argument is
 * changed: the result shares every part of `target` that the patch leaves alone and every
 * part of `patch` it places whole, and copies only the objects on the paths the patch changes
 * (so 10,000 tenants' configs share the structure of the base config and of each overlay
 * instead of each holding a copy). Key order is the library's (`json-merge-patch`, the
 * reference the property test compares with): kept keys stay in place, new keys come last.
 * Patches must hold no `__proto__`, `constructor` or `prototype` key (the loader rejects them,
 * PK104); on one the merge stops, as the library does.
 */
export function mergePatch(target: Json, patch: Json): Json {
  return mergePatchOwned(target, patch, new Set());
}

/**
 * {@link mergePatch} for a series of patches to one document: the objects in `owned` were made
 * by earlier patches of the series and nobody else holds them, so they are changed in place;
 * every object this call copies is added to `owned`. (Copying an object per patch instead made
 * a tenant's 10 overlays copy each growing section 10 times.)
 */
export function mergePatchOwned(target: Json, patch: Json, owned: Set<object>): Json {
  if (!isObject(patch)) return patch;
  if (!isObject(target)) return applied(patch);
  let out: Obj | null = owned.has(target) ? target : null;
  const own = (): Obj => {
    if (out === null) owned.add((out = dictionaryCopy(target))); // a hash table: its keys are data (util/dictionary.ts)
    return out;
  };
  for (const key of Object.keys(patch)) {
    if (FORBIDDEN_KEYS.has(key)) break;
    const v = patch[key];
    if (v === null) {
      if (Object.hasOwn(out ?? target, key)) delete own()[key];
    } else {
      const before = (out ?? target)[key];
      const after = mergePatchOwned(before, v, owned);
      if (after !== before || !Object.hasOwn(out ?? target, key)) own()[key] = after;
    }
  }
  return out ?? target;
}
