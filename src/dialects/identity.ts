import semver from "semver";
import { makeDiagnostic } from "../diagnostics/types.js";
import type { PackContext } from "./types.js";

/** A hint for a version that is not strict SemVer (`v1.0` → `1.0.0`). */
export function semverHint(version: string): string {
  const c = semver.coerce(version);
  return c ? `write it as strict SemVer, e.g. "${c.version}"` : "use MAJOR.MINOR.PATCH, e.g. 1.0.0";
}

/**
 * The identity rules every dialect shares: the declared id must equal the directory's (PK201),
 * the version must be strict SemVer with no leading `v` (PK208) and equal the directory's
 * (PK201). `idAt`/`versionAt` are the pointers of the two values in the manifest.
 */
export function checkIdentity(ctx: PackContext, id: string, version: string, idAt: string, versionAt: string): void {
  if (id !== ctx.pack.id) {
    ctx.report(makeDiagnostic("PK201", ctx.manifest.locate(idAt), `pack id "${id}" does not match its directory "${ctx.pack.id}"`, `move the pack to packs/${id}/${version}/ or fix the id`));
  }
  if (semver.valid(version) !== version) {
    ctx.report(makeDiagnostic("PK208", ctx.manifest.locate(versionAt), `version "${version}" is not strict SemVer`, semverHint(version)));
  } else if (version !== ctx.pack.version) {
    ctx.report(makeDiagnostic("PK201", ctx.manifest.locate(versionAt), `version ${version} does not match its directory "${ctx.pack.version}"`, `move the pack to packs/${id}/${version}/ or fix the version`));
  }
}
