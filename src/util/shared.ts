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

/**
 * One shared object per distinct content: `make()` is called for a `key` not seen before under
 * `owner`, and its result shared; later calls with the same owner and key return that object.
 * The owner (a topic, a simulation) bounds the cache's life: dropped with it.
 */
export function interned<O extends object, T extends object>(cache: WeakMap<O, Map<string, Readonly<T>>>, owner: O, key: string, make: () => T): Readonly<T> {
  let byKey = cache.get(owner);
  if (!byKey) cache.set(owner, (byKey = new Map()));
  let o = byKey.get(key);
  if (o === undefined) byKey.set(key, (o = share(make())));
  return o;
}
