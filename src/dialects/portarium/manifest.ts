import semver from "semver";
import { makeDiagnostic, type Diagnostic } from "../../diagnostics/types.js";
import { packIds, type Workspace } from "../../load/workspace.js";
import type { PackVersion } from "../../model/pack.js";
import { packIntegrity } from "../../util/digest.js";
import { escapeToken } from "../../util/json-pointer.js";
import { nearest } from "../../util/suggest.js";
import { validateDoc } from "../../validate/schemas.js";
import { checkIdentity } from "../identity.js";
import { isRecord, str } from "../pack-files.js";
import { emptyPack, partial, type PackContext, type Registry } from "../types.js";
import { loadAssets } from "./assets.js";
import { isPortariumRange, portariumEquivalent } from "./range.js";

/**
 * Loads a Portarium `pack.manifest.json` (seeds 001/002; `parsePackManifestV1`, shared research
 * §2.2): schema (unknown keys PK116, as Portarium ignores them), identity (PK201, strict SemVer
 * PK208), ranges (PK243, and PK245 for npm syntax Portarium's parser rejects), then the assets.
 */
export function loadPortarium(ctx: PackContext): PackVersion | null {
  const m = ctx.manifest.value as Record<string, unknown>;
  validateDoc("portarium-manifest", ctx.manifest, { lenient: true }).forEach(ctx.report);
  const id = str(m.id);
  const version = str(m.version);
  if (!id || !version) return null;
  const pack = emptyPack("portarium", ctx.pack, ctx.manifest.file, ctx.manifestOnly ? "" : packIntegrity(ctx.ws.tree.files, ctx.pack.dir, ctx.pack.files));
  pack.title = str(m.displayName);
  pack.description = str(m.description);

  checkIdentity(ctx, id, version, "/id", "/version");
  if (typeof m.requiresCore === "string") pack.requiresCore = range(ctx, "/requiresCore", m.requiresCore);
  if (isRecord(m.dependencies)) {
    for (const [dep, r] of Object.entries(m.dependencies)) {
      if (typeof r !== "string") continue;
      const valid = range(ctx, `/dependencies/${escapeToken(dep)}`, r);
      if (valid !== null) pack.dependencies[dep] = r;
    }
  }
  if (ctx.manifestOnly) return partial(pack);
  if (isRecord(m.assets)) loadAssets(ctx, pack, m.assets);
  return pack;
}

/**
 * A manifest range: PK243 when npm's grammar cannot read it either (then null), PK245 when only
 * Portarium's stricter grammar rejects it (`portarium/range.ts`; it is still resolved with npm's
 * meaning, so the one error is all a tenant sees).
 */
function range(ctx: PackContext, p: string, r: string): string | null {
  if (semver.validRange(r, { includePrerelease: true }) === null) {
    ctx.report(makeDiagnostic("PK243", ctx.manifest.locate(p), `"${r}" is not a valid SemVer range`, 'write comparators such as ">=1.0.0 <2.0.0"'));
    return null;
  }
  if (!isPortariumRange(r)) {
    const equivalent = portariumEquivalent(r);
    const hint = equivalent !== null ? `write "${equivalent}"` : r.includes("||") ? "Portarium has no ||: keep one set of comparators, e.g. \">=1.0.0 <2.0.0\"" : 'write comparators such as ">=1.0.0 <2.0.0"';
    ctx.report(makeDiagnostic("PK245", ctx.manifest.locate(p), `"${r}" is an npm range that Portarium's range parser rejects: it reads only comparators (>=, <=, >, <, =) written directly before a full version, or a bare version`, hint));
  }
  return r.trim() === "" ? "*" : r;
}

/**
 * Dependencies must name pack ids the registry has (PK242); the hint suggests the nearest pack
 * id of the repository ({@link packIds}: the same in a scoped run as in a full one).
 */
export function checkPortariumRegistry(pack: PackVersion, registry: Registry, ws: Workspace): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const dep of Object.keys(pack.dependencies)) {
    if (registry.has(dep)) continue;
    // Parsed only to locate a finding: a cached load need not read its manifest again.
    const doc = ws.parse(pack.manifest)?.doc;
    if (!doc) return out;
    const guess = nearest(dep, [...packIds(ws)].filter((id) => id !== dep));
    out.push(makeDiagnostic("PK242", doc.locate(`/dependencies/${escapeToken(dep)}`, "key"), `dependency "${dep}" is not a pack in the registry`, guess ? `did you mean "${guess}"?` : "add the pack under packs/ or remove the dependency"));
  }
  return out;
}
