import semver from "semver";
import { cmp, makeDiagnostic, type Diagnostic } from "../diagnostics/types.js";
import type { PackVersion } from "../model/pack.js";

/** The version to suggest releasing instead of editing `version`: the next patch, or `vX.(Y+1)`. */
export function nextVersion(version: string): string | null {
  if (semver.valid(version) === version) return semver.inc(version, "patch");
  const domain = /^v(\d+)\.(\d+)$/.exec(version);
  return domain ? `v${domain[1]}.${Number(domain[2]) + 1}` : null;
}

/** The 1-based line of the first difference between two texts (1 when either is empty). */
function firstChangedLine(a: Uint8Array, b: Uint8Array): number {
  const x = Buffer.from(a).toString("utf8").split("\n");
  const y = Buffer.from(b).toString("utf8").split("\n");
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return Math.min(i, y.length - 1) + 1;
}

/**
 * Released versions are immutable (DESIGN.md): PK315 for every file the head adds, changes or
 * removes under a `packs/<id>/<version>/` directory that the base commit has, at the first
 * changed line. Removing a whole version directory is not an edit (tenants that pin it fail
 * their lockfile check instead). `baseFiles` and `headFiles` map repository-relative paths to
 * bytes; `base` is the base commit id, named in the hint. Pure.
 */
export function releasedEdits(basePacks: readonly PackVersion[], baseFiles: ReadonlyMap<string, Uint8Array>, headFiles: ReadonlyMap<string, Uint8Array>, base: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const under = (files: ReadonlyMap<string, Uint8Array>, prefix: string) => [...files.keys()].filter((f) => f.startsWith(prefix));
  for (const pack of basePacks) {
    const prefix = `${pack.dir}/`;
    const after = under(headFiles, prefix);
    if (after.length === 0) continue;
    const paths = [...new Set([...under(baseFiles, prefix), ...after])].sort(cmp);
    const next = nextVersion(pack.version);
    const hint = `released versions are immutable: restore it (git checkout ${base.slice(0, 12)} -- ${pack.dir}) and release the change as a new version${next ? ` (packs/${pack.id}/${next}/)` : ""}, then run packc lock`;
    for (const file of paths) {
      const a = baseFiles.get(file);
      const b = headFiles.get(file);
      if (a && b && Buffer.compare(a, b) === 0) continue;
      const what = !a ? "adds" : !b ? "removes" : "changes";
      const line = a && b ? firstChangedLine(a, b) : 1;
      out.push(makeDiagnostic("PK315", { file, line, column: 1, pointer: "" }, `this change ${what} ${file} in ${pack.id}@${pack.version}, a version the base ${base.slice(0, 12)} has already released`, hint));
    }
  }
  return out;
}
