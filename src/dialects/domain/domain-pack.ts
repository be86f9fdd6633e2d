import { makeDiagnostic, type Diagnostic } from "../../diagnostics/types.js";
import type { SourceDoc } from "../../load/source-doc.js";
import type { DomainContent, Guardrails } from "../../model/domain.js";
import { SEVERITIES } from "../../model/domain.js";
import type { PackVersion } from "../../model/pack.js";
import { packIntegrity } from "../../util/digest.js";
import { escapeToken } from "../../util/json-pointer.js";
import { nearest } from "../../util/suggest.js";
import { aliasView, type AliasView } from "../../validate/aliases.js";
import { validateDoc } from "../../validate/schemas.js";
import { isRecord } from "../pack-files.js";
import { emptyPack, type PackContext } from "../types.js";
import { domainContent } from "./content.js";
import { checkPlaybookPlaceholders, checkPlaybooks } from "./playbooks.js";
import { domainVersionHint, isDomainVersion } from "./version.js";

/**
 * Loads `packs/<domainName>/<vMAJOR.MINOR>/domain-pack.json` (seed 000 "Domain Pack Structure";
 * the real `DomainPack` model, shared research §4.2): snake_case keys read as camelCase
 * (PK269 when both are given), strict schema (PK110–PK112), identity (PK201, PK260), then the
 * pack's own rules (PK261–PK268). The seed's `version`, exception-type `severity` and tool
 * `name` are accepted: `version` must equal the directory, `severity` is the type's default
 * severity, `name` must equal its key.
 */
export function loadDomainPack(ctx: PackContext): PackVersion | null {
  const view = aliasView(ctx.manifest, "domain-pack");
  const doc = view.doc;
  reportView(view, ctx.manifest).forEach(ctx.report);
  validateDoc("domain-pack", doc).forEach(ctx.report);
  const m = doc.value as Record<string, unknown>;
  const content = domainContent(m);
  if (!content.domainName) return null;
  const pack = emptyPack("domain", ctx.pack, ctx.manifest.file, packIntegrity(ctx.ws.tree.files, ctx.pack.dir, ctx.pack.files));
  pack.title = content.domainName;
  pack.domain = content;
  checkDomainIdentity(ctx, doc, content.domainName, m.version);
  checkDomainContent(doc, content).forEach(ctx.report);
  return pack;
}

/**
 * PK269 for each key written in both spellings, at the dropped spelling; PK281 for each number
 * written as a string, which pydantic's lax mode accepts (the view holds the number).
 */
export function reportView(view: AliasView, original: SourceDoc): Diagnostic[] {
  return [
    ...view.clashes.map((c) => makeDiagnostic("PK269", original.locate(c.pointer, "key"), `"${c.pointer.split("/").pop()}" repeats "${c.key}" under another spelling`, `keep only "${c.key}"`)),
    ...view.lax.map((l) => makeDiagnostic("PK281", view.doc.locate(l.pointer), `${l.pointer.split("/").pop()} is the string ${JSON.stringify(l.text)}; the exception platform's models read it as the ${l.type === "integer" ? "integer" : "number"} ${Number(l.text.trim())} (pydantic's lax mode)`, `write the number without quotes: ${Number(l.text.trim())}`)),
  ];
}

function checkDomainIdentity(ctx: PackContext, doc: SourceDoc, name: string, version: unknown): void {
  if (name !== ctx.pack.id) {
    ctx.report(makeDiagnostic("PK201", doc.locate("/domainName"), `domainName "${name}" does not match its directory "${ctx.pack.id}"`, `move the pack to packs/${name}/${ctx.pack.version}/ or fix domainName`));
  }
  if (!isDomainVersion(ctx.pack.version)) {
    const at = typeof version === "string" ? doc.locate("/version") : doc.locate("", "key");
    ctx.report(makeDiagnostic("PK260", at, `domain pack directory version "${ctx.pack.version}" is not vMAJOR.MINOR`, `rename the directory: ${domainVersionHint(ctx.pack.version)}`));
    return;
  }
  if (typeof version !== "string") return;
  if (!isDomainVersion(version.trim())) {
    ctx.report(makeDiagnostic("PK260", doc.locate("/version"), `version "${version}" is not vMAJOR.MINOR`, domainVersionHint(version)));
  } else if (version.trim() !== ctx.pack.version) {
    ctx.report(makeDiagnostic("PK201", doc.locate("/version"), `version ${version} does not match its directory "${ctx.pack.version}"`, `move the pack to packs/${name}/${version.trim()}/ or fix the version`));
  }
}

/**
 * The domain pack's own rules: at least one exception type (PK261), valid severities (PK262),
 * `name` fields equal to their keys (PK263), playbooks against the pack's exception types and
 * tools (PK264–PK267), no guardrail item both allowed and blocked (PK268), and the guide's keys
 * the real model lacks (PK282).
 */
export function checkDomainContent(doc: SourceDoc, c: DomainContent): Diagnostic[] {
  const out: Diagnostic[] = [];
  const m = doc.value as Record<string, unknown>;
  if (Object.keys(c.exceptionTypes).length === 0) {
    const at = "exceptionTypes" in m ? doc.locate("/exceptionTypes") : doc.locate("/domainName", "key");
    out.push(makeDiagnostic("PK261", at, `domain pack "${c.domainName}" declares no exception types`, "add at least one under exceptionTypes"));
  }
  const types = isRecord(m.exceptionTypes) ? m.exceptionTypes : {};
  for (const [key, t] of Object.entries(types)) {
    if (!isRecord(t)) continue;
    const p = `/exceptionTypes/${escapeToken(key)}`;
    out.push(...checkName(doc, p, key, t.name, "exception type"));
    out.push(...checkSeverity(doc, `${p}/severity`, t.severity));
    out.push(...checkSeverityRules(doc, `${p}/severityRules`, t.severityRules));
  }
  out.push(...checkSeverityRules(doc, "/severityRules", m.severityRules));
  out.push(...guideKeys(doc, m));
  const tools = isRecord(m.tools) ? m.tools : {};
  for (const [key, t] of Object.entries(tools)) if (isRecord(t)) out.push(...checkName(doc, `/tools/${escapeToken(key)}`, key, t.name, "tool"));
  out.push(...checkPlaybooks(doc, "/playbooks", c.playbooks, { exceptionTypes: new Set(Object.keys(c.exceptionTypes)), tools: new Set(Object.keys(c.tools)) }));
  out.push(...checkPlaybookPlaceholders(doc, "/playbooks", c.playbooks));
  out.push(...checkGuardrailOverlap(doc, "/guardrails", c.guardrails));
  return out;
}

/**
 * PK282 at each key the guide's example writes but the exception platform's `DomainPack` model
 * lacks, so its import rejects the pack ("Extra inputs are not permitted"): the top-level
 * `version`, an exception type's `severity`, a tool's `name`. packc reads them (the guide
 * documents them), so the guide's example still compiles.
 */
function guideKeys(doc: SourceDoc, m: Record<string, unknown>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const extra = (p: string, hint: string) => out.push(makeDiagnostic("PK282", doc.locate(p, "key"), `"${p.split("/").pop()}" is in the guide's example but not in the exception platform's model: its import rejects the pack (extra inputs are not permitted)`, hint));
  if ("version" in m) extra("/version", "remove it: the version is the directory name here and the import request's version on the platform");
  for (const [key, t] of Object.entries(isRecord(m.exceptionTypes) ? m.exceptionTypes : {})) {
    if (isRecord(t) && "severity" in t) extra(`/exceptionTypes/${escapeToken(key)}/severity`, `move it into a severityRules entry of ${key} (or the pack's severityRules); without one the platform infers the severity from the type's name`);
  }
  for (const [key, t] of Object.entries(isRecord(m.tools) ? m.tools : {})) {
    if (isRecord(t) && "name" in t) extra(`/tools/${escapeToken(key)}/name`, `remove it: the tool's name is its key, "${key}"`);
  }
  return out;
}

/** PK262 when `value` is a string that is not a severity (any case); nothing for other types. */
export function checkSeverity(doc: SourceDoc, at: string, value: unknown): Diagnostic[] {
  if (typeof value !== "string" || !value.trim()) return [];
  const s = value.trim().toUpperCase();
  if ((SEVERITIES as readonly string[]).includes(s)) return [];
  const guess = nearest(s, SEVERITIES);
  return [makeDiagnostic("PK262", doc.locate(at), `"${value}" is not a severity`, guess ? `did you mean "${guess}"?` : `use one of ${SEVERITIES.join(", ")}`)];
}

function checkSeverityRules(doc: SourceDoc, at: string, rules: unknown): Diagnostic[] {
  return Array.isArray(rules) ? rules.flatMap((r, i) => (isRecord(r) ? checkSeverity(doc, `${at}/${i}/severity`, r.severity) : [])) : [];
}

function checkName(doc: SourceDoc, at: string, key: string, name: unknown, what: string): Diagnostic[] {
  if (typeof name !== "string" || name.trim() === key) return [];
  return [makeDiagnostic("PK263", doc.locate(`${at}/name`), `${what} "${key}" has name "${name}"`, `set name: "${key}", or remove it (the key is the name)`)];
}

/** PK268 for each blocked item that is also allowed, at the blocked entry. */
export function checkGuardrailOverlap(doc: SourceDoc, at: string, g: Guardrails | null): Diagnostic[] {
  if (!g) return [];
  const allowed = new Set(g.allowLists);
  return g.blockLists.flatMap((item, i) =>
    allowed.has(item) ? [makeDiagnostic("PK268", doc.locate(`${at}/blockLists/${i}`), `"${item}" is both allowed and blocked`, "remove it from one of allowLists and blockLists")] : [],
  );
}
