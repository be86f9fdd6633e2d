import { canonicalJson } from "../util/canonical-json.js";
import { packIntegrity, sha256Hex } from "../util/digest.js";
import { isSource, type Source } from "../repo/git.js";
import { PACKC_VERSION } from "../version.js";
import { safePath } from "./compiled-read.js";
import { tarball, TarballError, untar } from "./tarball.js";

/** The file at the top of every bundle that says what it holds and where it came from. */
export const BUNDLE_MANIFEST = "bundle.json";

/** A pack version as its bundle names it: what a lockfile pins (`integrity` is the lockfile's digest). */
export interface BundledPack {
  id: string;
  version: string;
  dialect: string;
  /** The pack version's integrity digest, `sha256-<base64>`, over the files under `pack/` ({@link packIntegrity}). */
  integrity: string;
  /** Its directory in the packs repository, relative to the root (`packs/<id>/<version>`). */
  dir: string;
}

/**
 * `bundle.json`: `bundle` (this format, 1), `kind` (`compiled`: the files of a compiled output
 * under `compiled/`; `pack`: one pack version's files under `pack/`), the packc version, the
 * `source` (commit, tree, dirty, or unknown) and, for a pack, what a lockfile pins.
 */
export type BundleManifest = { bundle: 1; kind: "compiled"; packc: string; source: Source } | { bundle: 1; kind: "pack"; packc: string; source: Source; pack: BundledPack };

/** A bundle's file name and bytes. */
export interface Bundle {
  name: string;
  bytes: Uint8Array;
}

/** A file that is not a bundle packc wrote; the message says why. */
export class BundleError extends Error {}

/**
 * The bundle of a compiled output: `compiled.tgz` holding `bundle.json` and every file of the
 * output (`files`, path → bytes, `index.json` and `SHA256SUMS` included) under `compiled/`,
 * as {@link tarball} writes it. Its source is the one the output's `index.json` records. Pure.
 */
export function compiledBundle(files: ReadonlyMap<string, Uint8Array>, source: Source): Bundle {
  const manifest: BundleManifest = { bundle: 1, kind: "compiled", packc: PACKC_VERSION, source };
  return { name: "compiled.tgz", bytes: tarball([[BUNDLE_MANIFEST, utf8(canonicalJson(manifest))], ...[...files].map(([p, b]) => [`compiled/${p}`, b] as [string, Uint8Array])]) };
}

/**
 * The bundle of one pack version: `<id>-<version>.tgz` holding `bundle.json` and the version's
 * files (`files`, path relative to its directory → bytes) under `pack/`. The integrity digest
 * of the files under `pack/` is the lockfile's (`pack.integrity`). Pure.
 */
export function packBundle(pack: BundledPack, files: ReadonlyMap<string, Uint8Array>, source: Source): Bundle {
  const manifest: BundleManifest = { bundle: 1, kind: "pack", packc: PACKC_VERSION, source, pack };
  return { name: `${pack.id}-${pack.version}.tgz`, bytes: tarball([[BUNDLE_MANIFEST, utf8(canonicalJson(manifest))], ...[...files].map(([p, b]) => [`pack/${p}`, b] as [string, Uint8Array])]) };
}

/** The `.sha256` file beside a bundle: one `sha256sum` line, `<hex>  <name>`. */
export function checksumLine(bundle: Bundle): string {
  return `${sha256Hex(bundle.bytes)}  ${bundle.name}\n`;
}

/**
 * A bundle read back: its manifest and its files (path under `compiled/` or `pack/` → bytes).
 * Throws BundleError for a file that is not a bundle packc wrote: not a gzipped tarball, no
 * or a malformed `bundle.json`, a file outside the kind's folder. For a pack bundle, the files'
 * integrity digest must be the one `bundle.json` names.
 */
export function readBundle(bytes: Uint8Array): { manifest: BundleManifest; files: Map<string, Uint8Array> } {
  let entries: Map<string, Uint8Array>;
  try {
    entries = untar(bytes);
  } catch (e) {
    if (e instanceof TarballError) throw new BundleError(`not a bundle packc wrote (${e.message})`);
    throw e;
  }
  const raw = entries.get(BUNDLE_MANIFEST);
  if (!raw) throw new BundleError(`not a bundle packc wrote (it has no ${BUNDLE_MANIFEST})`);
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(Buffer.from(raw).toString("utf8")) as BundleManifest;
  } catch {
    throw new BundleError(`${BUNDLE_MANIFEST} is not JSON`);
  }
  if (manifest?.bundle !== 1 || (manifest.kind !== "compiled" && manifest.kind !== "pack") || typeof manifest.packc !== "string" || !isSource(manifest.source)) {
    throw new BundleError(`${BUNDLE_MANIFEST} is not one packc writes (format 1)`);
  }
  const folder = manifest.kind === "compiled" ? "compiled/" : "pack/";
  const files = new Map<string, Uint8Array>();
  for (const [path, b] of entries) {
    if (path === BUNDLE_MANIFEST) continue;
    if (!path.startsWith(folder) || !safePath(path.slice(folder.length))) throw new BundleError(`${path} is outside ${folder} in a ${manifest.kind} bundle`);
    files.set(path.slice(folder.length), b);
  }
  if (manifest.kind === "pack") {
    const p = manifest.pack as Partial<BundledPack> | undefined;
    if (!p || typeof p.id !== "string" || typeof p.version !== "string" || typeof p.integrity !== "string" || typeof p.dir !== "string") throw new BundleError(`${BUNDLE_MANIFEST} names no pack version`);
    const integrity = packIntegrity(new Map([...files].map(([rel, b]) => [`pack/${rel}`, b])), "pack", [...files.keys()]);
    if (integrity !== p.integrity) throw new BundleError(`the files under pack/ have integrity ${integrity}, not ${p.integrity} as ${BUNDLE_MANIFEST} says: the bundle was changed after packc wrote it`);
  }
  return { manifest, files };
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
