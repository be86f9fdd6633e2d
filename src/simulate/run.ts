import { makeDiagnostic, type Diagnostic } from "../diagnostics/types.js";
import type { Workspace } from "../load/workspace.js";
import type { PackVersion, Simulation, TopicDecl } from "../model/pack.js";
import type { MergedPolicy, PolicyDecision, SafetyPolicy } from "../model/policy.js";
import { mergePolicies } from "../compose/policy.js";
import { expectedDecision } from "./decisions.js";
import { evaluate } from "./evaluate.js";
import { interned } from "../util/shared.js";

/** The outcome of one simulation in one policy (DESIGN.md `simulations` entries). */
export interface SimulationResult {
  name: string;
  pack: string;
  expected: string;
  actual: string;
  rule: string | null;
  bundle: string | null;
  pass: boolean;
}

/** The decision for one declared topic in a tenant's merged policy (DESIGN.md `decisions`). */
export interface TopicDecision {
  topic: string;
  pack: string;
  decision: string;
  rule: string | null;
  bundle: string | null;
  reason: string;
}

/** The policy a pack sees on its own: the base policy plus its own fragments. */
export function packAlonePolicy(base: SafetyPolicy, pack: PackVersion): MergedPolicy {
  return mergePolicies(base, pack.policyFragments.map((f) => ({ key: f.key, policy: f.policy })));
}

const results = new WeakMap<Simulation, Readonly<SimulationResult>[]>();

/** The result of `sim` when the policy decides `d`: one shared, frozen object per distinct outcome, which every tenant with that outcome holds. */
function result(pack: PackVersion, sim: Simulation, d: PolicyDecision): Readonly<SimulationResult> {
  const same = (r: Readonly<SimulationResult>) => r.actual === d.decision && r.rule === d.rule && r.bundle === d.bundle && r.pack === pack.id;
  return interned(results, sim, same, () => {
    const expected = expectedDecision(sim.expect).value;
    return { name: sim.name, pack: pack.id, expected, actual: d.decision, rule: d.rule, bundle: d.bundle, pass: expected === d.decision };
  });
}

function decidedBy(d: PolicyDecision): string {
  if (d.rule === null) return d.reason ? `a kernel pre-check (${d.reason})` : "the default (no rule matched)";
  return `rule "${d.rule}" from bundle ${d.bundle}`;
}

/**
 * Runs a pack version's simulations against the base policy plus its own fragments, once per
 * pack version (not per tenant). A mismatch is PK504 at the simulation's `expectDecision`.
 */
export function runPackSimulations(pack: PackVersion, base: SafetyPolicy, ws: Workspace): Diagnostic[] {
  if (pack.simulations.length === 0) return [];
  const policy = packAlonePolicy(base, pack);
  const out: Diagnostic[] = [];
  for (const sim of pack.simulations) {
    const d = evaluate(policy, sim.request);
    const r = result(pack, sim, d);
    if (r.pass) continue;
    const doc = ws.parse(sim.file)!.doc;
    out.push(makeDiagnostic("PK504", doc.locate(`${sim.pointer}/expectDecision`), `simulation "${sim.name}" expects ${r.expected} but the kernel decides ${r.actual}, by ${decidedBy(d)}`, "rules are first-match in order: put the specific rule before broader ones, or fix expectDecision"));
  }
  return out;
}

/**
 * Runs every simulation of the tenant's packs against its merged policy. A simulation that
 * passes for its pack alone but fails here is PK505, naming the rule that now decides (a failure
 * alone was already reported once as PK504).
 */
export function runTenantSimulations(tenantId: string, packs: readonly PackVersion[], merged: MergedPolicy, base: SafetyPolicy, ws: Workspace): { results: SimulationResult[]; diagnostics: Diagnostic[] } {
  const out: SimulationResult[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const pack of packs) {
    for (const sim of pack.simulations) {
      const d = evaluate(merged, sim.request);
      const r = result(pack, sim, d);
      out.push(r);
      if (r.pass || !result(pack, sim, evaluate(packAlonePolicy(base, pack), sim.request)).pass) continue;
      const doc = ws.parse(sim.file)!.doc;
      diagnostics.push(makeDiagnostic("PK505", doc.locate(`${sim.pointer}/expectDecision`), `in tenant "${tenantId}", simulation "${sim.name}" of ${pack.id}@${pack.version} expects ${r.expected} but gets ${r.actual}: shadowed by ${decidedBy(d)}`, `bundles merge in key order and the first matching rule wins; narrow rule "${d.rule ?? ""}" or make this pack's rule more specific`));
    }
  }
  return { results: out, diagnostics };
}

const decisions = new WeakMap<TopicDecl, Readonly<TopicDecision>[]>();

/**
 * The decision for every topic the tenant's packs declare, asked as the tenant itself with the
 * topic's declared capability, risk tags and requires and the declaring pack's id. Each is one
 * shared, frozen object per topic and outcome, held by every tenant with that outcome.
 */
export function decisionMatrix(tenantId: string, packs: readonly PackVersion[], merged: MergedPolicy): TopicDecision[] {
  const out: TopicDecision[] = [];
  for (const pack of packs) {
    for (const t of pack.topics) {
      const d = evaluate(merged, { tenant: tenantId, topic: t.name, capability: t.capability, riskTags: t.riskTags, requires: t.requires, packId: pack.id, actorId: "", actorType: "", labels: {} });
      const same = (o: Readonly<TopicDecision>) => o.decision === d.decision && o.rule === d.rule && o.bundle === d.bundle && o.reason === d.reason && o.pack === pack.id;
      out.push(interned(decisions, t, same, () => ({ topic: t.name, pack: pack.id, decision: d.decision, rule: d.rule, bundle: d.bundle, reason: d.reason })));
    }
  }
  return out.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
}
