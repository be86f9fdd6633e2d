import { makeDiagnostic } from "../../diagnostics/types.js";
import type { PackVersion } from "../../model/pack.js";
import { pointer } from "../../util/json-pointer.js";
import { schemaProblem } from "../../validate/resource-schema.js";
import { isRecord, loadPackFile } from "../pack-files.js";
import type { PackContext } from "../types.js";
import { checkPrefix, duplicate } from "./manifest.js";
import { checkWorkflow } from "./workflow.js";

/**
 * Loads `resources.schemas[]` and `resources.workflows[]`: ids carry the pack namespace (PK203,
 * PK204), are unique (PK209), their files exist inside the pack and parse (PK106, PK109, PK1xx),
 * schemas compile (PK115), and workflows pass the workflow rules. Schemas load first so
 * workflows can check the schema ids they reference.
 */
export function loadResources(ctx: PackContext, pack: PackVersion, resources: Record<string, unknown>): void {
  const ids = new Set<string>();
  eachResource(ctx, resources.schemas, "schemas", (id, file, p) => {
    checkPrefix(ctx, "PK203", `${p}/id`, id, `${pack.id}/`, `schema id "${id}"`);
    if (ids.has(id)) ctx.report(duplicate(ctx, `${p}/id`, `schema "${id}"`));
    ids.add(id);
    const doc = loadPackFile(ctx, file, `${p}/path`);
    if (!doc) return;
    const problem = schemaProblem(doc.value as Record<string, unknown>);
    if (problem) ctx.report(makeDiagnostic("PK115", doc.locate(""), `schema "${id}" does not compile: ${problem}`));
    pack.schemas.push({ id, file: doc.file, document: doc.value as Record<string, unknown> });
  });
  const workflowIds = new Set<string>();
  eachResource(ctx, resources.workflows, "workflows", (id, file, p) => {
    checkPrefix(ctx, "PK204", `${p}/id`, id, `${pack.id}.`, `workflow id "${id}"`);
    if (workflowIds.has(id)) ctx.report(duplicate(ctx, `${p}/id`, `workflow "${id}"`));
    workflowIds.add(id);
    const doc = loadPackFile(ctx, file, `${p}/path`);
    if (!doc) return;
    checkWorkflow(ctx, pack, id, doc);
    // The installer overwrites the file's own id with the resource id.
    pack.workflows.push({ id, file: doc.file, document: { ...(doc.value as Record<string, unknown>), id } });
  });
}

function eachResource(ctx: PackContext, list: unknown, kind: string, fn: (id: string, file: string, p: string) => void): void {
  if (!Array.isArray(list)) return;
  list.forEach((r, i) => {
    if (isRecord(r) && typeof r.id === "string" && typeof r.path === "string") fn(r.id, r.path, pointer(["resources", kind, i]));
    else if (!isRecord(r)) ctx.report(makeDiagnostic("PK110", ctx.manifest.locate(pointer(["resources", kind, i])), `resources.${kind}[${i}] must be a mapping with id and path`));
  });
}
