import { makeDiagnostic, type Diagnostic } from "../../diagnostics/types.js";
import type { SourceDoc } from "../../load/source-doc.js";
import type { Playbook, PlaybookStep } from "../../model/domain.js";
import { escapeToken } from "../../util/json-pointer.js";
import { nearest } from "../../util/suggest.js";
import { isRecord } from "../pack-files.js";

/** Where a step names its tool: the tool name and the pointer (relative to the step) that says so. */
export interface StepToolRef {
  tool: string;
  at: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const TOOL_PARAMETERS = ["tool", "toolName", "tool_name"] as const;

/**
 * The tool a playbook step calls, read the way the exception platform's validators do, most
 * explicit first (shared research §4.4): an `action` that is a bare name (the seed's form,
 * `"action": "refundPayment"`); else a string `tool`/`toolName`/`tool_name` parameter; else the
 * first quoted name in an action that mentions "tool", "invoke" or "call". Returns null for free
 * text that names no tool. packc does not read `parameters.method` or `parameters.action` as
 * tool names (the import heuristic does, and so rejects `"method": "POST"`).
 */
export function stepToolRef(step: PlaybookStep): StepToolRef | null {
  if (IDENTIFIER.test(step.action)) return { tool: step.action, at: "/action" };
  for (const key of TOOL_PARAMETERS) {
    const v = step.parameters?.[key];
    if (typeof v === "string" && v.trim()) return { tool: v.trim(), at: `/parameters/${key}` };
  }
  if (/tool|invoke|call/i.test(step.action)) {
    const quoted = /["']([^"']+)["']/.exec(step.action);
    if (quoted) return { tool: quoted[1]!.trim(), at: "/action" };
  }
  return null;
}

/** What the playbooks of a pack may refer to. */
export interface PlaybookScope {
  exceptionTypes: ReadonlySet<string>;
  tools: ReadonlySet<string>;
  /** Tools the tenant approves; undefined for domain playbooks (any tool of the pack). */
  approved?: ReadonlySet<string>;
}

/**
 * Checks playbooks at `base` (`/playbooks` or `/customPlaybooks`) in `doc`: each names an
 * exception type of the domain pack (PK264); each step's tool exists (PK265) and, for a tenant's
 * custom playbooks, is approved (PK273); free-text actions are flagged as unverifiable (PK266).
 * Placeholders are {@link checkPlaybookPlaceholders}' job. Seed 000 "Playbook
 * Compatibility"; the runtime loader's `validate_domain_pack`/`validate_tenant_policy`.
 */
export function checkPlaybooks(doc: SourceDoc, base: string, playbooks: readonly Playbook[], scope: PlaybookScope): Diagnostic[] {
  const out: Diagnostic[] = [];
  playbooks.forEach((pb, i) => {
    const at = `${base}/${i}`;
    if (pb.exceptionType && !scope.exceptionTypes.has(pb.exceptionType)) {
      out.push(makeDiagnostic("PK264", doc.locate(`${at}/exceptionType`), `playbook for unknown exception type "${pb.exceptionType}"`, didYouMean(pb.exceptionType, scope.exceptionTypes, "exception types")));
    }
    pb.steps.forEach((step, j) => {
      const sp = `${at}/steps/${j}`;
      out.push(...checkStepTool(doc, sp, step, scope));
    });
  });
  return out;
}

/** PK267 for malformed `{{param}}` placeholders in the step parameters of playbooks at `base`. */
export function checkPlaybookPlaceholders(doc: SourceDoc, base: string, playbooks: readonly Playbook[]): Diagnostic[] {
  return playbooks.flatMap((pb, i) => pb.steps.flatMap((s, j) => (s.parameters ? checkPlaceholders(doc, `${base}/${i}/steps/${j}/parameters`, s.parameters) : [])));
}

function checkStepTool(doc: SourceDoc, sp: string, step: PlaybookStep, scope: PlaybookScope): Diagnostic[] {
  if (!step.action) return [];
  const ref = stepToolRef(step);
  if (!ref) {
    return [makeDiagnostic("PK266", doc.locate(`${sp}/action`), `step action "${clip(step.action)}" is free text; packc cannot check that it names a tool`, 'write the tool name as "action" and the prose in "description"')];
  }
  const at = () => doc.locate(sp + ref.at);
  if (!scope.tools.has(ref.tool)) {
    return [makeDiagnostic("PK265", at(), `step calls unknown tool "${ref.tool}"`, didYouMean(ref.tool, scope.tools, "tools"))];
  }
  if (scope.approved && !scope.approved.has(ref.tool)) {
    return [makeDiagnostic("PK273", at(), `custom playbook step uses tool "${ref.tool}", which the tenant does not approve`, `add "${ref.tool}" to approvedTools, or use an approved tool`)];
  }
  return [];
}

const PLACEHOLDER_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** PK267 for every malformed `{{…}}` in the string values under `value` (recursively). */
export function checkPlaceholders(doc: SourceDoc, at: string, value: unknown): Diagnostic[] {
  if (typeof value === "string") {
    const problem = placeholderProblem(value);
    return problem ? [makeDiagnostic("PK267", doc.locate(at), `${problem} in "${clip(value)}"`, "write placeholders as {{name}} or {{object.field}}")] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => checkPlaceholders(doc, `${at}/${i}`, v));
  if (isRecord(value)) return Object.entries(value).flatMap(([k, v]) => checkPlaceholders(doc, `${at}/${escapeToken(k)}`, v));
  return [];
}

/** What is wrong with the placeholders in `text`, or null. */
export function placeholderProblem(text: string): string | null {
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("{{", i);
    const close = text.indexOf("}}", i);
    if (open === -1) return close === -1 ? null : `"}}" without "{{"`;
    if (close !== -1 && close < open) return `"}}" without "{{"`;
    const end = text.indexOf("}}", open + 2);
    if (end === -1) return `unterminated placeholder "${text.slice(open)}"`;
    const name = text.slice(open + 2, end).trim();
    if (!name) return "empty placeholder {{}}";
    if (!PLACEHOLDER_NAME.test(name)) return `placeholder {{${name}}} is not a name`;
    i = end + 2;
  }
  return null;
}

/** A "did you mean" hint over names, or the list of names when none is close. */
export function didYouMean(word: string, names: Iterable<string>, what: string): string {
  const list = [...names].sort();
  const guess = nearest(word, list);
  if (guess) return `did you mean "${guess}"?`;
  return list.length ? `${what}: ${list.join(", ")}` : `the domain pack declares no ${what}`;
}

function clip(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + "..." : s;
}
