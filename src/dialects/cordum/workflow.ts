import { makeDiagnostic, type Diagnostic } from "../../diagnostics/types.js";
import type { SourceDoc } from "../../load/source-doc.js";
import type { PackVersion } from "../../model/pack.js";
import { pointer } from "../../util/json-pointer.js";
import { nearest } from "../../util/suggest.js";
import { validateDoc } from "../../validate/schemas.js";
import { isRecord, str, strings } from "../pack-files.js";
import type { PackContext } from "../types.js";

/**
 * Checks one workflow against the engine's model (cordum core/workflow, shared research §1.10):
 * a workflow without steps (PK225, a warning: the loader needs only an object), seed-style
 * mistakes (`after` PK216, schema ids where inline schemas belong PK217), then
 * the schema (unknown keys PK116), the file id (PK219), and per step: declared topic (PK210),
 * meta agreeing with the declaration (PK211), `depends_on` (PK212, PK213), `${...}` templates
 * (PK214, PK218) and schema ids (PK215). A diagnostic at a pointer a specific rule already
 * named is not repeated by the schema check.
 */
export function checkWorkflow(ctx: PackContext, pack: PackVersion, id: string, doc: SourceDoc): void {
  const wf = doc.value as Record<string, unknown>;
  const found: Diagnostic[] = [];
  const report = (d: Diagnostic) => found.push(d);
  const steps = isRecord(wf.steps) ? wf.steps : {};

  if (wf.steps === undefined || wf.steps === null || (isRecord(wf.steps) && Object.keys(wf.steps).length === 0)) {
    const at = wf.steps === undefined ? doc.locate("") : doc.locate("/steps", "key");
    report(makeDiagnostic("PK225", at, `workflow "${id}" has no steps: the engine installs it, but a run of it does nothing`, "add its steps, or remove it from resources.workflows"));
  }
  if (typeof wf.input_schema === "string") report(schemaIdMistake(doc, "/input_schema", wf.input_schema));
  for (const [name, step] of Object.entries(steps)) {
    if (!isRecord(step)) continue;
    const sp = pointer(["steps", name]);
    if (step.after !== undefined) {
      report(makeDiagnostic("PK216", doc.locate(`${sp}/after`, "key"), `step "${name}" uses "after", which the engine ignores`, `rename "after" to "depends_on"`));
    }
    for (const k of ["input_schema", "output_schema"] as const) {
      if (typeof step[k] === "string") report(schemaIdMistake(doc, `${sp}/${k}`, step[k]));
    }
  }
  const specific = new Set(found.map((d) => d.pointer));
  for (const d of validateDoc("cordum-workflow", doc, { lenient: true })) if (!specific.has(d.pointer)) report(d);

  if (typeof wf.id === "string" && wf.id !== id) {
    report(makeDiagnostic("PK219", doc.locate("/id"), `workflow file id "${wf.id}" differs from resource id "${id}"; the installer uses "${id}"`, `set id: ${id}`));
  }
  const schemaIds = new Set(pack.schemas.map((s) => s.id));
  const deps = dependencies(steps);
  for (const [name, step] of Object.entries(steps)) {
    if (!isRecord(step)) continue;
    checkStep(doc, pack, name, step, { steps, deps, schemaIds, report });
  }
  checkCycles(doc, deps, report);
  found.forEach(ctx.report);
}

function schemaIdMistake(doc: SourceDoc, p: string, value: string): Diagnostic {
  const key = p.split("/").pop()!;
  return makeDiagnostic("PK217", doc.locate(p, "key"), `"${key}" is an inline JSON Schema object in the engine, not the id "${value}"`, `use "${key}_id: ${value}"`);
}

interface StepScope {
  steps: Record<string, unknown>;
  deps: Map<string, string[]>;
  schemaIds: Set<string>;
  report: (d: Diagnostic) => void;
}

function checkStep(doc: SourceDoc, pack: PackVersion, name: string, step: Record<string, unknown>, s: StepScope): void {
  const sp = pointer(["steps", name]);
  const topic = str(step.topic);
  const decl = pack.topics.find((t) => t.name === topic);
  if (topic && !decl) {
    const guess = nearest(topic, pack.topics.map((t) => t.name));
    s.report(makeDiagnostic("PK210", doc.locate(`${sp}/topic`), `step "${name}" dispatches to "${topic}", which the pack does not declare`, guess ? `did you mean "${guess}"?` : "declare the topic in pack.yaml topics"));
  }
  if (decl && isRecord(step.meta)) checkMeta(doc, pack, `${sp}/meta`, step.meta, decl, s.report);
  (s.deps.get(name) ?? []).forEach((dep, i) => {
    if (!Object.hasOwn(s.steps, dep)) {
      const guess = nearest(dep, Object.keys(s.steps));
      s.report(makeDiagnostic("PK212", doc.locate(`${sp}/depends_on/${i}`), `step "${name}" depends on unknown step "${dep}"`, guess ? `did you mean "${guess}"?` : undefined));
    }
  });
  for (const k of ["input_schema_id", "output_schema_id"]) {
    const ref = str(step[k]);
    if (ref && !s.schemaIds.has(ref)) {
      const guess = nearest(ref, s.schemaIds);
      s.report(makeDiagnostic("PK215", doc.locate(`${sp}/${k}`), `schema id "${ref}" is not declared by the pack`, guess ? `did you mean "${guess}"?` : "add it to resources.schemas"));
    }
  }
  const upstream = ancestors(name, s.deps);
  for (const k of ["input", "condition", "for_each"]) walkStrings(step[k], `${sp}/${k}`, (text, p) => checkTemplate(doc, name, text, p, upstream, s));
}

function checkMeta(doc: SourceDoc, pack: PackVersion, mp: string, meta: Record<string, unknown>, decl: PackVersion["topics"][number], report: (d: Diagnostic) => void): void {
  const diffs: [string, string, string][] = [];
  if (decl.capability && meta.capability !== undefined && str(meta.capability) !== decl.capability) diffs.push(["capability", str(meta.capability), decl.capability]);
  if (meta.risk_tags !== undefined && !sameSet(strings(meta.risk_tags), decl.riskTags)) diffs.push(["risk_tags", strings(meta.risk_tags).join(","), decl.riskTags.join(",")]);
  if (meta.requires !== undefined && !sameSet(strings(meta.requires), decl.requires)) diffs.push(["requires", strings(meta.requires).join(","), decl.requires.join(",")]);
  if (meta.pack_id !== undefined && str(meta.pack_id) !== pack.id) diffs.push(["pack_id", str(meta.pack_id), pack.id]);
  for (const [key, got, want] of diffs) {
    report(makeDiagnostic("PK211", doc.locate(`${mp}/${key}`), `meta.${key} "${got}" differs from topic ${decl.name}'s "${want}"`, "policy decides on step meta; make it match the topic declaration"));
  }
}

function checkTemplate(doc: SourceDoc, name: string, text: string, p: string, upstream: Set<string>, s: StepScope): void {
  let i = text.indexOf("${");
  while (i !== -1) {
    const end = text.indexOf("}", i + 2);
    const expr = end === -1 ? "" : text.slice(i + 2, end).trim();
    if (end === -1 || expr === "") {
      s.report(makeDiagnostic("PK218", doc.locate(p), end === -1 ? "unterminated ${ template" : "empty ${} template", "close it: ${input.field}"));
      return;
    }
    const ref = /^steps\.([^.\s]+)/.exec(expr)?.[1];
    if (ref !== undefined && !upstream.has(ref)) {
      const known = Object.hasOwn(s.steps, ref);
      s.report(makeDiagnostic("PK214", doc.locate(p), known ? `step "${name}" reads \${steps.${ref}...} but does not depend on "${ref}"` : `step "${name}" reads unknown step "${ref}"`, known ? `add "${ref}" to depends_on` : undefined));
    }
    i = text.indexOf("${", end + 1);
  }
}

function dependencies(steps: Record<string, unknown>): Map<string, string[]> {
  const deps = new Map<string, string[]>();
  for (const [name, step] of Object.entries(steps)) deps.set(name, isRecord(step) ? strings(step.depends_on) : []);
  return deps;
}

function ancestors(name: string, deps: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [...(deps.get(name) ?? [])];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...(deps.get(n) ?? []));
  }
  return seen;
}

function checkCycles(doc: SourceDoc, deps: Map<string, string[]>, report: (d: Diagnostic) => void): void {
  const state = new Map<string, "open" | "done">();
  const visit = (n: string, path: string[]): void => {
    if (state.get(n) === "done" || !deps.has(n)) return;
    if (state.get(n) === "open") {
      const cycle = [...path.slice(path.indexOf(n)), n];
      report(makeDiagnostic("PK213", doc.locate(pointer(["steps", n, "depends_on"])), `steps depend on each other in a cycle: ${cycle.join(" → ")}`, "remove one of the depends_on entries"));
      return;
    }
    state.set(n, "open");
    for (const d of deps.get(n)!) visit(d, [...path, n]);
    state.set(n, "done");
  };
  for (const n of [...deps.keys()].sort()) visit(n, []);
}

function walkStrings(v: unknown, p: string, fn: (s: string, p: string) => void): void {
  if (typeof v === "string") fn(v, p);
  else if (Array.isArray(v)) v.forEach((x, i) => walkStrings(x, `${p}/${i}`, fn));
  else if (isRecord(v)) for (const [k, x] of Object.entries(v)) walkStrings(x, `${p}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`, fn);
}

function sameSet(a: string[], b: string[]): boolean {
  const x = new Set(a.map((s) => s.toLowerCase()));
  const y = new Set(b.map((s) => s.toLowerCase()));
  return x.size === y.size && [...x].every((s) => y.has(s));
}
