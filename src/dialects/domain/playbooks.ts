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

/** The step parameters the exception platform reads a tool name from, in its order. */
const TOOL_PARAMETERS = ["tool", "toolName", "tool_name", "action", "method"] as const;

/**
 * Which heuristic reads a step: a domain pack's playbooks as the import does (`tool`/`invoke`
 * trigger the quoted name), a tenant's custom playbooks as the tenant loader does (also `call`).
 */
export type ToolRefReader = "domain" | "tenant";

/**
 * The tool a playbook step calls, read exactly as the exception platform reads it (shared
 * research §4.4; the import's `PackValidationService` for domain packs, the tenant loader for
 * custom playbooks), first rule that applies:
 * (a) an action containing "tool" or "invoke" (a tenant's also "call"), any case: its first
 * quoted substring, when it has one; (b) else the first string among the parameters `tool`,
 * `toolName`, `tool_name`, `action`, `method` (an empty one names no tool); (c) else an action
 * without "(" or a space is itself the tool name; (d) else no tool (free text). The heuristic
 * is followed even where it misreads a step (`"method": "POST"` is tool `POST`): packc reports
 * what the platform will do.
 */
export function stepToolRef(step: PlaybookStep, reader: ToolRefReader = "domain"): StepToolRef | null {
  const trigger = reader === "tenant" ? /tool|invoke|call/i : /tool|invoke/i;
  if (trigger.test(step.action)) {
    const quoted = /["']([^"']+)["']/.exec(step.action);
    if (quoted) return { tool: quoted[1]!, at: "/action" };
  }
  for (const key of TOOL_PARAMETERS) {
    const v = step.parameters?.[key];
    if (typeof v === "string") return v ? { tool: v, at: `/parameters/${key}` } : null;
  }
  if (step.action && !step.action.includes("(") && !step.action.includes(" ")) return { tool: step.action, at: "/action" };
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
  const ref = stepToolRef(step, scope.approved ? "tenant" : "domain");
  if (!ref) {
    return [makeDiagnostic("PK266", doc.locate(`${sp}/action`), `step action "${clip(step.action)}" is free text; packc cannot check that it names a tool`, 'write the tool name as "action" and the prose in "description"')];
  }
  const at = () => doc.locate(sp + ref.at);
  if (!scope.tools.has(ref.tool)) {
    // The platform reads parameters.action and parameters.method as tool names too (an HTTP verb, often).
    const misread = ref.at === "/parameters/action" || ref.at === "/parameters/method";
    const hint = misread ? `the exception platform reads ${ref.at.slice(1).replace("/", ".")} as the step's tool name and rejects the pack; name the tool in parameters.tool, or rename this parameter` : didYouMean(ref.tool, scope.tools, "tools");
    return [makeDiagnostic("PK265", at(), `step calls unknown tool "${ref.tool}"`, hint)];
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
