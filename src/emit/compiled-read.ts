import { readFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson } from "../util/canonical-json.js";
import { sha256Hex } from "../util/digest.js";
import { isSource, type Source } from "../repo/git.js";
import { compiledListing } from "./out-guard.js";

/** A directory that is not a compiled output as packc wrote it; the message says what is wrong and what to do. */
export class CompiledOutputError extends Error {}

/** What a compiled output's `index.json` says (DESIGN.md "Compiled output"). */
export interface CompiledIndex {
  packc: string;
  source: Source;
  /** A shard's output (`compile --shard I/N`). */
  shard?: { index: number; count: number };
  /** A `compile --tenant` output: the tenants it holds. */
  tenants?: string[];
  artefacts: { path: string; sha256: string }[];
}

/** A compiled output read back and checked. */
export interface CompiledOutput {
  index: CompiledIndex;
  /** Every file of the output, `index.json` and `SHA256SUMS` included: path → bytes. */
  files: Map<string, Uint8Array>;
}

/**
 * Reads the compiled output in `dir` (named `label` in messages) and checks it against itself:
 * every `SHA256SUMS` line is `<sha256>  <plain relative path>`, every listed file is there with
 * that digest (index.json too), and `index.json` is one packc writes, listing exactly the files
 * and digests `SHA256SUMS` lists besides itself. With `complete`, a file or link in the
 * directory that `SHA256SUMS` does not list is refused as well. Throws CompiledOutputError
 * naming the first problem and `again` (what to run to get a good one). Reads the file system.
 */
export function readCompiled(dir: string, label: string, again: string, complete = false): CompiledOutput {
  const read = (rel: string): Buffer => {
    try {
      return readFileSync(join(dir, rel));
    } catch (e) {
      throw new CompiledOutputError(`${label}: cannot read ${rel} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): is it a compiled output packc wrote?`);
    }
  };
  const sumsBytes = read("SHA256SUMS");
  const files = new Map<string, Uint8Array>([["SHA256SUMS", sumsBytes]]);
  const listed: { path: string; sha256: string }[] = [];
  for (const line of sumsBytes.toString("utf8").split("\n").filter(Boolean)) {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    // Only plain relative paths: a listed "../x" or "/x" would be read from, and written to, outside the directory.
    if (!m || !safePath(m[2]!) || m[2] === "SHA256SUMS") throw new CompiledOutputError(`${label}/SHA256SUMS has a line packc does not write (${JSON.stringify(line.slice(0, 120))}): ${again}`);
    const [sha256, path] = [m[1]!, m[2]!];
    const bytes = read(path);
    if (sha256Hex(bytes) !== sha256) throw new CompiledOutputError(`${label}/${path} does not match its SHA256SUMS line: the output was changed after packc wrote it; ${again}`);
    files.set(path, bytes);
    if (path !== "index.json") listed.push({ path, sha256 });
  }
  if (!files.has("index.json")) throw new CompiledOutputError(`${label}/SHA256SUMS does not list index.json: ${again}`);
  let index: unknown;
  try {
    index = JSON.parse(Buffer.from(files.get("index.json")!).toString("utf8"));
  } catch {
    throw new CompiledOutputError(`${label}/index.json is not JSON: ${again}`);
  }
  const i = index as Partial<CompiledIndex>;
  if (typeof i.packc !== "string" || !Array.isArray(i.artefacts)) throw new CompiledOutputError(`${label}/index.json is not one packc writes: ${again}`);
  if (!isSource(i.source)) throw new CompiledOutputError(`${label}/index.json names no source commit as packc writes one: ${again}`);
  if (canonicalJson(i.artefacts) !== canonicalJson([...listed].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)))) {
    throw new CompiledOutputError(`${label}/index.json and SHA256SUMS list different files or digests: ${again}`);
  }
  if (complete) {
    const { why } = compiledListing(dir);
    if (why) throw new CompiledOutputError(`${label} ${why}: ${again}`);
  }
  return { index: i as CompiledIndex, files };
}

/** Whether `path` is a plain relative path: `/`-separated names, none empty, `.` or `..`, no backslash or control character. */
export function safePath(path: string): boolean {
  return !/[\\\u0000-\u001f]/.test(path) && path.split("/").every((part) => part !== "" && part !== "." && part !== "..");
}
