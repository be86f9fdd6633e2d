import { createHash } from "node:crypto";

/** Lower-case hex sha256 of bytes or UTF-8 text. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * The integrity digest of a pack version, `sha256-<base64>` (Subresource Integrity notation, as
 * npm lockfiles write it). It hashes one line per file, `<path>\0<sha256 hex of bytes>\n`, for
 * every file under the pack directory in code-point order of the pack-relative path: any byte
 * change, rename, addition or removal changes it, and file-system order or timestamps never do.
 * `rels` lists the pack-relative paths when the caller has them (a pack directory's own list,
 * so the digest costs the pack's size, not the repository's); otherwise they are found in `files`.
 */
export function packIntegrity(files: ReadonlyMap<string, Uint8Array>, dir: string, rels?: readonly string[]): string {
  const prefix = dir + "/";
  const sorted = (rels ? [...rels] : [...files.keys()].filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length))).sort();
  const h = createHash("sha256");
  for (const rel of sorted) h.update(`${rel}\0${sha256Hex(files.get(prefix + rel)!)}\n`);
  return "sha256-" + h.digest("base64");
}

/** The integrity digest of one file's bytes, `sha256-<base64>` (Subresource Integrity notation). */
export function fileIntegrity(bytes: Uint8Array): string {
  return "sha256-" + createHash("sha256").update(bytes).digest("base64");
}
