import semver from "semver";
import { cmp, type Diagnostic } from "../diagnostics/types.js";
import { originOf } from "../compose/config.js";
import { packArtefact } from "../compose/active-config.js";
import type { PackVersion } from "../model/pack.js";
import type { CompileResult } from "../pipeline/compile.js";
import type { TenantResult } from "../pipeline/tenant.js";
import { canonicalJson } from "../util/canonical-json.js";
import { escapeToken } from "../util/json-pointer.js";
import { compareDomainVersions } from "../dialects/domain/version.js";
import { boundedDiff } from "./unified.js";
import { reviewView } from "./review-view.js";
import { flipDirection, type FlipDirection } from "./direction.js";

/** A leaf value that differs: JSON pointer, old and new value (undefined when absent), who set the new one. */
export interface ValueChange {
  pointer: string;
  old: unknown;
  new: unknown;
  /** The pack overlay that set the new value (`pack@version`), for merged config keys. */
  setBy?: string;
}

/** One side of a decision: the decision and the rule that made it (null: default). */
export interface DecisionSide {
  decision: string;
  rule: string | null;
}

/** A policy decision that changed for a topic (Cordum) or a PALM operation (platform). */
export interface DecisionFlip {
  kind: "topic" | "operation";
  name: string;
  old: DecisionSide | null;
  new: DecisionSide | null;
  /** Whether the new decision keeps less control than the old (`diff/direction.ts`). */
  direction: FlipDirection;
}

/** A pack that a tenant gained, lost, or moved to another version; `sections` the pack's own changes. */
export interface PackChange {
  id: string;
  dialect: string;
  change: "added" | "removed" | "upgraded" | "downgraded" | "changed";
  from?: string;
  to?: string;
  /** For upgrades and downgrades: the normalized pack's sections that differ between the versions. */
  sections?: string[];
}

/** What a change does to one tenant. */
export interface TenantChanges {
  tenant: string;
  status: "added" | "removed" | "changed" | "unchanged";
  /** Whether the tenant compiles on each side. Its config is still compared when composition ran. */
  compiles: { base: boolean; head: boolean };
  packs: PackChange[];
  config: ValueChange[];
  /** Ids of the merged policy's rules added, removed or changed (by their content), in code-point order. */
  rules: string[];
  /** Names of the workflows added, removed or changed, in code-point order. */
  workflows: string[];
  flips: DecisionFlip[];
  domain: ValueChange[];
  platform: ValueChange[];
  /** Simulations that fail on head and did not on base (from PK504/PK505/PK641). */
  failingSimulations: Diagnostic[];
  diagnostics: { added: Diagnostic[]; resolved: Diagnostic[] };
  /** Unified diff of the active config's review view (YAML without digests, `diff/review-view.ts`), or null when unchanged. */
  diff: string | null;
  /** True when the diff was too large to compute within its bounds (`diff` holds a summary). */
  diffTruncated: boolean;
  /**
   * The side whose config could not be composed (the tenant fails to resolve or lock there), when
   * the other side's could: the configs are not compared (no config changes, rules, workflows or
   * diff), since the whole config would show as added or removed.
   */
  uncomposed?: "base" | "head";
}

/** A tenant the change cannot reach, as an affected-only diff knows it without compiling it: whether it compiles, and its diagnostics. */
export interface UnreachedTenant {
  compiles: boolean;
  diagnostics: readonly Diagnostic[];
}

/** The change set of a pull request: per tenant, plus diagnostics not tied to a tenant. */
export interface ChangeSet {
  base: string;
  head: string;
  tenants: TenantChanges[];
  repo: { added: Diagnostic[]; resolved: Diagnostic[] };
  headErrors: number;
  /** The head's first {@link PROBLEMS_KEPT} errors, in the order the head reports them (the comment lists them under the verdict). */
  headProblems: Diagnostic[];
}

/** How many of the head's errors a change set carries by name (all are counted in `headErrors`). */
export const PROBLEMS_KEPT = 20;

const SIMULATION_CODES = new Set(["PK504", "PK505", "PK641"]);

/**
 * The semantic change set between two compiles of a repository (base and head): tenants added
 * or removed; per tenant the packs added, removed, upgraded or downgraded (with the sections of
 * the normalized pack that changed between the versions), merged config keys changed (leaf JSON
 * pointers, old → new, and the overlay that set the new value), policy decision flips per topic
 * and per PALM operation (deciding rule on each side), domain and platform changes, simulations
 * that newly fail, new and resolved diagnostics, and a bounded unified diff of the active
 * config's review view (YAML, digests left out, fragments as their lines). Diagnostics are matched by code, file and message (lines move).
 * `unchangedTenants` names tenants that have no result on either side because the change
 * cannot reach them (with whether they compile and their diagnostics, the same on both sides);
 * they are reported unchanged. Pure.
 */
export function changeSet(base: CompileResult, head: CompileResult, refs: { base: string; head: string }, unchangedTenants: ReadonlyMap<string, UnreachedTenant> = new Map()): ChangeSet {
  const byId = (r: CompileResult) => new Map(r.tenants.map((t) => [t.tenant.id, t] as const));
  const b = byId(base);
  const h = byId(head);
  const ids = [...new Set([...b.keys(), ...h.keys(), ...unchangedTenants.keys()])].sort(cmp);
  const tenantOf = (d: Diagnostic) => /^tenants\/([^/]+)\//.exec(d.file)?.[1];
  const key = (d: Diagnostic) => `${d.code}\0${d.file}\0${d.message}`;
  const unreached = [...unchangedTenants.values()].flatMap((t) => t.diagnostics.map(key));
  const repoOnly = (r: CompileResult) => {
    const owned = new Set([...r.tenants.flatMap((t) => t.diagnostics.map(key)), ...unreached]);
    return r.diagnostics.filter((d) => !tenantOf(d) && !owned.has(key(d)));
  };
  const repoDiff = diffDiagnostics(repoOnly(base), repoOnly(head));
  // Tenants the caller knows the change cannot reach, with whether they compile, are unchanged
  // without results to compare (an affected-only diff with a cache compiles neither side of them).
  const tenants = ids.map((id) => (!b.has(id) && !h.has(id) && unchangedTenants.has(id) ? unchanged(id, unchangedTenants.get(id)!.compiles) : tenantChanges(id, b.get(id), h.get(id), base, head, tenantOf)));
  const errors = head.diagnostics.filter((d) => d.severity === "error");
  return { base: refs.base, head: refs.head, tenants, repo: repoDiff, headErrors: errors.length, headProblems: errors.slice(0, PROBLEMS_KEPT) };
}

function tenantChanges(id: string, b: TenantResult | undefined, h: TenantResult | undefined, base: CompileResult, head: CompileResult, tenantOf: (d: Diagnostic) => string | undefined): TenantChanges {
  const own = (r: CompileResult, t: TenantResult | undefined) => [...r.diagnostics.filter((d) => tenantOf(d) === id), ...(t?.diagnostics.filter((d) => !tenantOf(d)) ?? [])];
  const diagnostics = diffDiagnostics(own(base, b), own(head, h));
  if (b && b === h && !diagnostics.added.length && !diagnostics.resolved.length) return unchanged(id, (b.activeConfig ?? null) !== null);
  // A tenant on both sides whose config one side could not compose (it fails to resolve or
  // lock): nothing to compare, rather than its whole config shown as added or removed; its
  // problems say why.
  const incomparable = b !== undefined && h !== undefined && !(b.activeConfig ?? b.candidate) !== !(h.activeConfig ?? h.candidate);
  const bc = incomparable ? null : (b?.activeConfig ?? b?.candidate ?? null);
  const hc = incomparable ? null : (h?.activeConfig ?? h?.candidate ?? null);
  const section = (c: Record<string, unknown> | null, k: string) => (c ? c[k] : undefined);
  const config = leafChanges(section(bc, "config"), section(hc, "config"), "").map((c) => {
    const origin = h ? originOf(h.configOrigins(), c.pointer) : undefined;
    return origin ? { ...c, setBy: origin.pack } : c;
  });
  const flips = [...topicFlips(bc, hc), ...operationFlips(bc, hc)];
  const diffed = bc || hc ? boundedDiff(`a/${id}/active-config.yaml`, `b/${id}/active-config.yaml`, reviewView(bc), reviewView(hc)) : { text: null, truncated: false };
  const out: TenantChanges = {
    tenant: id,
    status: !b ? "added" : !h ? "removed" : "unchanged",
    compiles: { base: (b?.activeConfig ?? null) !== null, head: (h?.activeConfig ?? null) !== null },
    packs: packChanges(b, h, base.packs, head.packs),
    config,
    rules: changedEntries(rulesById(bc), rulesById(hc)),
    workflows: changedEntries(recordOf(section(bc, "workflows")), recordOf(section(hc, "workflows"))),
    flips,
    domain: leafChanges(section(bc, "domain"), section(hc, "domain"), ""),
    platform: leafChanges(stripDecisions(section(bc, "platform")), stripDecisions(section(hc, "platform")), ""),
    failingSimulations: diagnostics.added.filter((d) => SIMULATION_CODES.has(d.code)),
    diagnostics,
    diff: diffed.text,
    diffTruncated: diffed.truncated,
    ...(incomparable ? { uncomposed: !(h!.activeConfig ?? h!.candidate) ? ("head" as const) : ("base" as const) } : {}),
  };
  if (out.status === "unchanged" && (incomparable || out.packs.length || config.length || out.rules.length || out.workflows.length || flips.length || out.domain.length || out.platform.length || diagnostics.added.length || diagnostics.resolved.length || diffed.text)) out.status = "changed";
  return out;
}

/**
 * A tenant whose result is the same object on both sides (an affected-only diff takes the
 * tenants the change cannot reach from the head): nothing to compare, as comparing it with
 * itself would find.
 */
function unchanged(id: string, compiles: boolean): TenantChanges {
  return { tenant: id, status: "unchanged", compiles: { base: compiles, head: compiles }, packs: [], config: [], rules: [], workflows: [], flips: [], domain: [], platform: [], failingSimulations: [], diagnostics: { added: [], resolved: [] }, diff: null, diffTruncated: false };
}

/** An object's entries, or none when it is not an object. */
function recordOf(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The merged policy's rules of an active config by id (a rule without an id by its position). */
function rulesById(c: Record<string, unknown> | null): Record<string, unknown> {
  const rules = (recordOf(c?.policy).rules as unknown[] | undefined) ?? [];
  return Object.fromEntries((Array.isArray(rules) ? rules : []).map((r, i) => [typeof recordOf(r).id === "string" ? (recordOf(r).id as string) : `#${i}`, r] as const));
}

/** The keys of `a` and `b` whose values differ (present on one side only, or unequal as canonical JSON), in code-point order. */
function changedEntries(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => canonicalJson(a[k] ?? null) !== canonicalJson(b[k] ?? null) || (k in a) !== (k in b)).sort(cmp);
}

/** Added and resolved diagnostics, matched by code, file and message. */
export function diffDiagnostics(base: readonly Diagnostic[], head: readonly Diagnostic[]): { added: Diagnostic[]; resolved: Diagnostic[] } {
  const key = (d: Diagnostic) => `${d.code}\0${d.file}\0${d.message}`;
  const b = new Set(base.map(key));
  const h = new Set(head.map(key));
  return { added: head.filter((d) => !b.has(key(d))), resolved: base.filter((d) => !h.has(key(d))) };
}

/** Leaf-level differences between two JSON values, as JSON pointers (arrays compared whole when lengths differ). */
export function leafChanges(a: unknown, b: unknown, at: string): ValueChange[] {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(cmp).flatMap((k) => leafChanges(a[k], b[k], `${at}/${escapeToken(k)}`));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) return a.flatMap((x, i) => leafChanges(x, b[i], `${at}/${i}`));
  if (isObj(a) && b === undefined) return Object.keys(a).sort(cmp).flatMap((k) => leafChanges(a[k], undefined, `${at}/${escapeToken(k)}`));
  if (a === undefined && isObj(b)) return Object.keys(b).sort(cmp).flatMap((k) => leafChanges(undefined, b[k], `${at}/${escapeToken(k)}`));
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ pointer: at, old: a, new: b }];
}

function topicFlips(bc: Record<string, unknown> | null, hc: Record<string, unknown> | null): DecisionFlip[] {
  type D = { topic: string; decision: string; rule: string | null };
  const read = (c: Record<string, unknown> | null) => new Map((((c?.policy as { decisions?: D[] } | undefined)?.decisions) ?? []).map((d) => [d.topic, d] as const));
  return flipsOf("topic", read(bc), read(hc), bc !== null && hc !== null);
}

function operationFlips(bc: Record<string, unknown> | null, hc: Record<string, unknown> | null): DecisionFlip[] {
  type D = { operation: string; decision: string; rule: string };
  const read = (c: Record<string, unknown> | null) => new Map((((c?.platform as { decisions?: D[] } | undefined)?.decisions) ?? []).map((d) => [d.operation, d] as const));
  return flipsOf("operation", read(bc), read(hc), bc !== null && hc !== null);
}

function flipsOf(kind: DecisionFlip["kind"], b: Map<string, { decision: string; rule: string | null }>, h: Map<string, { decision: string; rule: string | null }>, bothCompile: boolean): DecisionFlip[] {
  if (!bothCompile) return [];
  const side = (d: { decision: string; rule: string | null } | undefined) => (d ? { decision: d.decision, rule: d.rule } : null);
  return [...new Set([...b.keys(), ...h.keys()])]
    .sort(cmp)
    .filter((k) => b.get(k)?.decision !== h.get(k)?.decision)
    .map((name) => ({ kind, name, old: side(b.get(name)), new: side(h.get(name)), direction: flipDirection(side(b.get(name)), side(h.get(name))) }));
}

function stripDecisions(platform: unknown): unknown {
  if (typeof platform !== "object" || platform === null) return platform;
  const { decisions: _d, ...rest } = platform as Record<string, unknown>;
  return rest;
}

function packChanges(b: TenantResult | undefined, h: TenantResult | undefined, basePacks: readonly PackVersion[], headPacks: readonly PackVersion[]): PackChange[] {
  const pins = (t: TenantResult | undefined) => new Map((t?.lockfile?.packs ?? []).map((p) => [p.id, p] as const));
  const bp = pins(b);
  const hp = pins(h);
  const out: PackChange[] = [];
  for (const id of [...new Set([...bp.keys(), ...hp.keys()])].sort(cmp)) {
    const o = bp.get(id);
    const n = hp.get(id);
    if (!o) out.push({ id, dialect: n!.dialect, change: "added", to: n!.version });
    else if (!n) out.push({ id, dialect: o.dialect, change: "removed", from: o.version });
    else if (o.version !== n.version) {
      const order = n.dialect === "domain" ? compareDomainVersions(n.version, o.version) : semver.compare(n.version, o.version);
      const before = basePacks.find((p) => p.id === id && p.version === o.version);
      const after = headPacks.find((p) => p.id === id && p.version === n.version);
      out.push({ id, dialect: n.dialect, change: order > 0 ? "upgraded" : "downgraded", from: o.version, to: n.version, sections: before && after ? changedSections(before, after) : [] });
    } else if (o.integrity !== n.integrity) out.push({ id, dialect: n.dialect, change: "changed", from: o.version, to: n.version });
  }
  return out;
}

function changedSections(a: PackVersion, b: PackVersion): string[] {
  const x = packArtefact(a);
  const y = packArtefact(b);
  return Object.keys({ ...x, ...y })
    .filter((k) => !["version", "integrity"].includes(k) && canonicalJson(x[k] ?? null) !== canonicalJson(y[k] ?? null))
    .sort(cmp);
}
