/**
 * Objects that many documents of one run hold unchanged: a pack version's entry in every active
 * config that includes it, a decision that comes out the same for many tenants. Each is frozen
 * (shallowly: what it holds is shared or frozen by whoever made it), so no holder can change
 * another's, and a writer of many documents may encode each once (`canonicalJsonBytes`). A
 * `WeakSet`, so marking keeps nothing alive.
 */
const registry = new WeakSet<object>();

/** Freezes `o`, marks it shared and returns it. */
export function share<T extends object>(o: T): Readonly<T> {
  registry.add(Object.freeze(o));
  return o;
}

/** Whether `o` was marked by {@link share}. */
export function isShared(o: object): boolean {
  return registry.has(o);
}

/** The most distinct outcomes {@link interned} keeps per owner. */
export const MAX_INTERNED = 16;

/**
 * One shared object per distinct content: among the objects made so far under `owner` (a topic,
 * a simulation), the first that `same` accepts, else `make()`'s result, shared. An owner has few
 * distinct outcomes (one or two decisions across 10,000 tenants), so a list beats building a key.
 * Past {@link MAX_INTERNED} outcomes of one owner, new ones are made unshared, so a repository
 * where an outcome differs per tenant costs neither a long scan nor a memo entry per tenant. The
 * owner bounds the cache's life: dropped with it.
 */
export function interned<O extends object, T extends object>(cache: WeakMap<O, Readonly<T>[]>, owner: O, same: (o: Readonly<T>) => boolean, make: () => T): Readonly<T> {
  let list = cache.get(owner);
  if (!list) cache.set(owner, (list = []));
  for (const o of list) if (same(o)) return o;
  if (list.length >= MAX_INTERNED) return make();
  const o = share(make());
  list.push(o);
  return o;
}
