import { gzipSync } from "fflate";
import { gunzipSync } from "node:zlib";
import { Header, Pax, Parser, type ReadEntry } from "tar/raw";
import { cmp } from "../diagnostics/types.js";

/** The modification time of every entry: 1985-10-26T08:15:00Z, the one `npm pack` writes (a zero time upsets some tools). */
export const TARBALL_MTIME = new Date("1985-10-26T08:15:00.000Z");

/** A tarball packc cannot read, or one it did not write (a link, a path out of the archive, a name twice); the message says which. */
export class TarballError extends Error {}

const BLOCK = 512;

/**
 * A gzipped tar archive of `files` (archive path → bytes) that depends on nothing but them:
 * regular-file entries only, in code-point order of their paths, each with mode 0644, uid and
 * gid 0, empty owner names and {@link TARBALL_MTIME}; a long or non-ASCII path gets a pax
 * header holding only the path. The tar headers are node-tar's (`Header`, `Pax`), written from
 * these fields instead of a file's `lstat`, so umask, owner, clock, time zone and file-system
 * order never reach the bytes. The gzip stream is fflate's (pure JavaScript, bundled): level 9,
 * no file name, modification time 0 and the Unix OS byte, so the compressed bytes do not depend
 * on the zlib Node.js was built with or on the CPU it runs on.
 */
export function tarball(files: Iterable<[string, Uint8Array]>): Uint8Array {
  const entries = [...files].sort(([a], [b]) => cmp(a, b));
  const chunks: Uint8Array[] = [];
  for (const [path, bytes] of entries) {
    const header = new Header({ path, mode: 0o644, uid: 0, gid: 0, size: bytes.length, mtime: TARBALL_MTIME, type: "File", uname: "", gname: "", devmaj: 0, devmin: 0 });
    const block = Buffer.alloc(BLOCK);
    if (header.encode(block)) chunks.push(new Pax({ path }).encode());
    chunks.push(block, bytes, Buffer.alloc((BLOCK - (bytes.length % BLOCK)) % BLOCK));
  }
  chunks.push(Buffer.alloc(2 * BLOCK));
  return gzipSync(Buffer.concat(chunks), { level: 9, mtime: 0 });
}

/**
 * The files of a gzipped tar archive, path → bytes, in archive order. Throws TarballError for
 * bytes that are not a gzipped tar archive, an entry that is not a regular file, a path that is
 * absolute or climbs out (`..`), and a path given twice: a bundle packc wrote has none of them.
 */
export function untar(gz: Uint8Array): Map<string, Uint8Array> {
  let tar: Buffer;
  try {
    tar = gunzipSync(gz);
  } catch {
    throw new TarballError("not a gzip file");
  }
  const files = new Map<string, Uint8Array>();
  // An archive of no file is its end blocks alone, which the parser does not take for a tar.
  if (tar.length > 0 && tar.every((b) => b === 0)) return files;
  const problems: string[] = [];
  const parser = new Parser({
    strict: true,
    onwarn: (_code: string, message: string) => problems.push(message),
    onReadEntry: (entry: ReadEntry) => {
      const path = entry.path;
      if (entry.type !== "File") problems.push(`${path} is a ${entry.type}, not a file`);
      else if (path.startsWith("/") || path.split("/").some((p) => p === ".." || p === "")) problems.push(`${path} is not a plain relative path`);
      else if (files.has(path)) problems.push(`${path} is in the archive twice`);
      const chunks: Buffer[] = [];
      entry.on("data", (c: Buffer) => chunks.push(c));
      entry.on("end", () => files.set(path, Buffer.concat(chunks)));
    },
  });
  parser.on("error", (e: Error) => problems.push(e.message));
  parser.end(tar);
  if (problems.length) throw new TarballError(problems[0]!);
  return files;
}
