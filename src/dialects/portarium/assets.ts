import picomatch from "picomatch";
import { makeDiagnostic } from "../../diagnostics/types.js";
import type { PackVersion } from "../../model/pack.js";
import { pointer } from "../../util/json-pointer.js";
import { resolveInside } from "../../util/paths.js";
import { validateDoc } from "../../validate/schemas.js";
import { loadPackFile } from "../pack-files.js";
import type { PackContext } from "../types.js";

const KINDS = ["schemas", "workflows", "uiTemplates", "mappings", "testAssets", "complianceProfiles"] as const;

/**
 * Expands and checks `assets`. Portarium's code treats entries as literal paths; the spec's
 * examples are globs (`schema/*.json`). packc accepts both (shared research §2.6): an entry with
 * glob characters is matched with picomatch against the pack's files, with a warning that lists
 * the literal paths Portarium needs instead (PK246); a literal entry must name a file. Each entry must match at least one file (PK240) and stay inside the pack (PK106).
 * Every matched JSON/YAML asset must parse, have its kind's shape (PK110–PK112) and carry the
 * manifest's `packId` (PK241). A glob over 256 characters or with more than two `*` wildcards is
 * not run (PK110, PK244): picomatch's RegExp would backtrack for minutes.
 */
export function loadAssets(ctx: PackContext, pack: PackVersion, assets: Record<string, unknown>): void {
  for (const kind of KINDS) {
    const list = assets[kind];
    if (!Array.isArray(list)) continue;
    const group: PackVersion["assets"][number] = { kind, entries: [] };
    list.forEach((entry, i) => {
      if (typeof entry !== "string") return;
      const p = pointer(["assets", kind, i]);
      const files = expand(ctx, entry, p);
      group.entries.push({ pattern: entry, files });
      for (const f of files) checkAsset(ctx, pack, kind, f, p);
    });
    pack.assets.push(group);
  }
}

/** How many matched files a PK246 hint lists. */
const MAX_LISTED = 8;

/** The longest asset entry (the manifest schema's `maxLength`). */
export const MAX_ASSET_GLOB_LENGTH = 256;
/** The most `*` wildcards (a `**` counts as one) in an asset glob. */
export const MAX_ASSET_GLOB_STARS = 2;
/**
 * picomatch's options for asset globs: `*`, `**`, `?` and classes only. Braces and extglobs are
 * literal (Portarium reads entries as literal paths), since nested quantifiers such as `+(a|aa)`
 * make picomatch's RegExp backtrack exponentially.
 */
const GLOB_OPTIONS = { dot: false, nobrace: true, noextglob: true } as const;

/**
 * Why picomatch must not run `entry`, or null. picomatch compiles a glob to a backtracking
 * RegExp whose cost grows as |path|^k for k wildcards in one segment (`*a*a*a*b.json` against a
 * 255-character name took 80 ms, `*a` ×5 took 200 s); two wildcards stay under a millisecond
 * on any path. Over 65,536 characters picomatch throws.
 */
function tooComplex(entry: string): string | null {
  const stars = entry.match(/\*+/g)?.length ?? 0;
  if (stars > MAX_ASSET_GLOB_STARS) return `asset glob "${entry.slice(0, 80)}${entry.length > 80 ? "…" : ""}" has ${stars} * wildcards; at most ${MAX_ASSET_GLOB_STARS} are allowed`;
  return null;
}

/** picomatch's reading of an asset entry (whether it is a glob, and its matcher), or why it cannot read it; by entry, since every version of a pack lists the same entries. */
const matchers = new Map<string, { glob: boolean; isMatch: (file: string) => boolean } | string>();
const MAX_MATCHERS = 4096;

function globMatcher(entry: string): { glob: boolean; isMatch: (file: string) => boolean } | string {
  let m = matchers.get(entry);
  if (m === undefined) {
    try {
      m = { glob: picomatch.scan(entry).isGlob, isMatch: picomatch(entry, GLOB_OPTIONS) };
    } catch (e) {
      m = e instanceof Error ? e.message : String(e);
    }
    if (matchers.size < MAX_MATCHERS) matchers.set(entry, m);
  }
  return m;
}

function expand(ctx: PackContext, entry: string, p: string): string[] {
  const at = () => ctx.manifest.locate(p); // only for a diagnostic: locating parses positions
  if (entry.length > MAX_ASSET_GLOB_LENGTH) return []; // the manifest schema reports it (PK110)
  const complex = tooComplex(entry);
  if (complex) {
    ctx.report(makeDiagnostic("PK244", at(), complex, "list the files, or use a simpler glob such as schema/*.json or schema/**/*.json"));
    return [];
  }
  if (resolveInside(ctx.pack.dir, entry.replace(/[*?[\]{}!]/g, "x")) === null) {
    ctx.report(makeDiagnostic("PK106", at(), `asset path "${entry}" escapes the pack directory`, "use a path relative to the pack root, without .."));
    return [];
  }
  const matcher = globMatcher(entry);
  if (typeof matcher === "string") {
    ctx.report(makeDiagnostic("PK244", at(), `asset glob "${entry.slice(0, 80)}" cannot be read: ${matcher}`, "list the files, or use a simpler glob such as schema/*.json"));
    return [];
  }
  const literal = matcher.glob ? "" : resolveInside(ctx.pack.dir, entry)!.slice(ctx.pack.dir.length + 1);
  const files = matcher.glob ? ctx.pack.files.filter((f) => matcher.isMatch(f)) : ctx.pack.files.filter((f) => f === literal);
  if (files.length === 0) {
    ctx.report(makeDiagnostic("PK240", at(), matcher.glob ? `asset glob "${entry}" matches no file in the pack` : `asset "${entry}" does not exist in the pack`, "add the file or fix the path"));
  } else if (matcher.glob) {
    // Portarium resolves every entry as a literal path: a glob is packc's extension.
    const shown = files.slice(0, MAX_LISTED).map((f) => JSON.stringify(f)).join(", ");
    const more = files.length > MAX_LISTED ? ` and ${files.length - MAX_LISTED} more` : "";
    ctx.report(makeDiagnostic("PK246", at(), `asset glob "${entry}" is packc's extension: Portarium reads each entry as a literal path and reports "Missing declared asset" for it`, `list the files instead: ${shown}${more}`));
  }
  return files;
}

function checkAsset(ctx: PackContext, pack: PackVersion, kind: (typeof KINDS)[number], file: string, p: string): void {
  if (!/\.(json|ya?ml)$/.test(file)) return;
  const doc = loadPackFile(ctx, file, p);
  if (!doc) return;
  const specific = new Set<string>();
  const packId = (doc.value as Record<string, unknown>).packId;
  if (typeof packId === "string" && packId !== pack.id) {
    ctx.report(makeDiagnostic("PK241", doc.locate("/packId"), `asset packId "${packId}" differs from the manifest id "${pack.id}"`, `set "packId": "${pack.id}"`));
    specific.add("/packId");
  }
  for (const d of validateDoc(`portarium-assets#/$defs/${kind}`, doc)) if (!specific.has(d.pointer)) ctx.report(d);
}
