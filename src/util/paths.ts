import { posix } from "node:path";

/**
 * Resolves a relative path written in a document against a base directory, both
 * repository-relative with `/` separators. Returns the normalized path, or `null` when the path
 * is absolute, uses `\`, or climbs out of `base` with `..` (the zip-slip rule of Cordum's
 * installer and Portarium's "escapes pack root").
 */
export function resolveInside(base: string, rel: string): string | null {
  if (rel === "" || rel.includes("\\") || rel.includes("\0") || posix.isAbsolute(rel) || /^[A-Za-z]:/.test(rel)) return null;
  const joined = posix.normalize(posix.join(base, rel));
  if (base === "") return joined.startsWith("../") || joined === ".." ? null : joined;
  return joined.startsWith(base + "/") ? joined : null;
}

/** The files of `files` that lie under directory `dir`, as paths relative to it, sorted. */
export function filesUnder(files: Iterable<string>, dir: string): string[] {
  const prefix = dir + "/";
  const out: string[] = [];
  for (const f of files) if (f.startsWith(prefix)) out.push(f.slice(prefix.length));
  return out.sort();
}
