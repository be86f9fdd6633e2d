import { cmp, makeDiagnostic, type Diagnostic } from "../diagnostics/types.js";
import { isRecord } from "../dialects/pack-files.js";
import { mappingDoc } from "../load/repo.js";
import type { Workspace } from "../load/workspace.js";
import { escapeToken } from "../util/json-pointer.js";
import { validateDoc } from "../validate/schemas.js";

/** The lifecycle file's name, in `packs/<id>/` and in `tenants/<id>/tenant-packs/`. */
export const LIFECYCLE_FILE = "lifecycle.yaml";

/** A version's deprecation: why, and where that is declared. */
export interface Deprecation {
  reason: string;
  file: string;
  line: number;
}

/**
 * Lifecycle facts kept beside the immutable versions (seed 000 "Version Status"): which
 * versions are DEPRECATED. A scope is the directory holding the versions, `packs/<id>` or
 * `tenants/<id>/tenant-packs`.
 */
export interface Lifecycle {
  deprecation(scope: string, version: string): Deprecation | undefined;
}

/**
 * Reads every `packs/<id>/lifecycle.yaml` and `tenants/<id>/tenant-packs/lifecycle.yaml`:
 * schema `schemas/lifecycle.schema.json` (PK110–PK112), and every deprecated version must exist
 * as a directory (packs) or file (tenant packs), PK253. Pure over the workspace.
 */
export function loadLifecycle(ws: Workspace): { lifecycle: Lifecycle; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const scopes = new Map<string, Map<string, Deprecation>>();
  const files = [...ws.tree.files.keys()].filter(isLifecycleFile).sort(cmp);
  for (const file of files) {
    const doc = mappingDoc(ws, file, diagnostics);
    if (!doc) continue;
    diagnostics.push(...validateDoc("lifecycle", doc));
    const scope = file.slice(0, -LIFECYCLE_FILE.length - 1);
    const deprecated = isRecord((doc.value as Record<string, unknown>).deprecated) ? ((doc.value as Record<string, unknown>).deprecated as Record<string, unknown>) : {};
    const entries = new Map<string, Deprecation>();
    for (const [version, reason] of Object.entries(deprecated)) {
      const at = doc.locate(`/deprecated/${escapeToken(version)}`, "key");
      if (!versionExists(ws, scope, version)) {
        diagnostics.push(makeDiagnostic("PK253", at, `${file} deprecates ${version}, which ${scope} does not have`, "name a released version, or remove the entry"));
        continue;
      }
      entries.set(version, { reason: typeof reason === "string" ? reason.trim() : "", file, line: at.line });
    }
    scopes.set(scope, entries);
  }
  return { lifecycle: { deprecation: (scope, version) => scopes.get(scope)?.get(version) }, diagnostics };
}

/** True for `packs/<id>/lifecycle.yaml` and `tenants/<id>/tenant-packs/lifecycle.yaml`. */
export function isLifecycleFile(file: string): boolean {
  const p = file.split("/");
  return p.at(-1) === LIFECYCLE_FILE && ((p.length === 3 && p[0] === "packs") || (p.length === 4 && p[0] === "tenants" && p[2] === "tenant-packs"));
}

function versionExists(ws: Workspace, scope: string, version: string): boolean {
  if (scope.startsWith("packs/")) {
    const prefix = `${scope}/${version}/`;
    return [...ws.tree.files.keys()].some((f) => f.startsWith(prefix));
  }
  return ["json", "yaml"].some((ext) => ws.has(`${scope}/${version}.${ext}`));
}
