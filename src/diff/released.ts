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
  // Files by version directory, once (a scan per pack version was quadratic in the repository).
  const byDir = (files: ReadonlyMap<string, Uint8Array>) => {
    const m = new Map<string, string[]>();
    for (const f of files.keys()) {
      const parts = f.split("/");
      if (parts[0] !== "packs" || parts.length < 4) continue;
      const dir = parts.slice(0, 3).join("/");
      const list = m.get(dir);
      if (list) list.push(f);
      else m.set(dir, [f]);
    }
    return m;
  };
  const [baseDirs, headDirs] = [byDir(baseFiles), byDir(headFiles)];
  for (const pack of basePacks) {
    const after = headDirs.get(pack.dir) ?? [];
    if (after.length === 0) continue;
    const paths = [...new Set([...(baseDirs.get(pack.dir) ?? []), ...after])].sort(cmp);
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
