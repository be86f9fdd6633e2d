import type { ConfigTrace } from "../explain/config.js";
import type { PolicyTrace } from "../explain/policy.js";
import type { PickTrace } from "../resolve/resolver.js";
import type { GateStep } from "../dialects/platform/decisions.js";
import type { OperationDecision, OperationRequest } from "../model/platform.js";

/** What `packc explain` found for a tenant: one of its three answers, or why there is none. */
export type Explanation = {
  tenant: string;
  /** The tenant's first errors (`CODE file:line message`), and how many there are. */
  errors: string[];
  errorCount: number;
} & (
  | { kind: "topic"; body: PolicyTrace; /** The pack version that declares the topic (its capability, risk tags and requires are the request's defaults). */ declaredBy: string | null }
  | { kind: "config"; body: ConfigTrace }
  | { kind: "pack"; body: PickTrace }
  | { kind: "operation"; body: { pack: string; request: OperationRequest; gates: GateStep[]; decision: OperationDecision } }
  | { kind: "uncomposed"; body: null }
);

const json = (v: unknown) => (v === undefined ? "(absent)" : JSON.stringify(v));

function topic(e: PolicyTrace, declaredBy: string | null): string[] {
  const r = e.request;
  const lines = [
    `request: topic ${r.topic}, capability ${json(r.capability)}, risk tags [${r.riskTags.join(", ")}], requires [${r.requires.join(", ")}], pack ${json(r.packId)}${Object.keys(r.labels).length ? `, labels ${json(r.labels)}` : ""}${declaredBy ? ` (defaults from the topic's declaration in ${declaredBy})` : ""}`,
    `pre-checks: ${e.prechecks.map((c) => `${c.passed ? "✓" : "✗"} ${c.check}`).join("; ")}`,
  ];
  if (e.prechecks.every((c) => c.passed)) {
    lines.push(`rules, in order (the first that matches decides)${e.rulesFrom === "legacy" ? ", synthesised from the tenants' deny_topics and allow_topics because the policy has no rules" : ""}:`);
    const width = String(e.rules.length).length;
    for (const s of e.rules) {
      const from = `bundle ${s.bundle}${s.pack ? `, pack ${s.pack}` : ""}`;
      const verdict = s.outcome === "decides" ? "DECIDES" : s.outcome === "shadowed" ? `shadowed: ${s.why}` : `no match: ${s.why}`;
      lines.push(`  ${String(s.n).padStart(width)}. ${s.id} (${from}) ${s.decision}: ${verdict}`);
    }
    for (const a of e.after) lines.push(a);
  }
  const d = e.decision;
  lines.push(`decision: ${d.decision}${d.rule !== null ? ` by rule ${d.rule} (bundle ${d.bundle})` : d.reason ? ` by a pre-check (${d.reason})` : " (no rule matched)"}${d.reason && d.rule !== null ? `: ${d.reason}` : ""}`);
  return lines;
}

function config(e: ConfigTrace): string[] {
  const lines = [`value: ${json(e.value)}`];
  if (!e.steps.length) lines.push("no overlay and not the base config sets it");
  const words = { set: "sets", merged: "merges into it", deleted: "deletes it", "replaced-ancestor": "replaces an enclosing value at", "deleted-ancestor": "deletes an enclosing value at" } as const;
  e.steps.forEach((s, i) => {
    const what = s.action === "replaced-ancestor" || s.action === "deleted-ancestor" ? `${words[s.action]} ${s.pointer}` : words[s.action];
    lines.push(`  ${i + 1}. ${s.source} ${s.file}:${s.line} ${what}${s.value !== undefined ? ` ${json(s.value)}` : ""}`);
  });
  return lines;
}

function pack(e: PickTrace): string[] {
  const lines = [`constraints: ${e.constraints.map((c) => `${c.range} (${c.by === "request" ? "tenant.yaml" : `required by ${c.by}`})`).join(", ") || "none"}`, `core: ${e.core}${e.preferred ? `; the lockfile pins ${e.preferred}, kept while it still qualifies` : ""}`, "versions, newest first:"];
  const pickedAt = e.versions.findIndex((v) => v.verdict === "picked");
  e.versions.forEach((v, i) => {
    const why =
      v.verdict === "picked"
        ? `picked${v.version === e.preferred ? " (the lockfile's pin)" : ""}`
        : v.verdict === "out-of-range"
          ? `skipped: outside ${v.detail.join(" and ")}`
          : v.verdict === "core"
            ? `skipped: requires core ${v.detail[0]} (the tenant's core is ${e.core})`
            : i < pickedAt
              ? "passed over: the lockfile's pin is kept (packc lock --upgrade moves it)"
              : "passed over: a newer version qualified";
    lines.push(`  ${v.version}  ${why}`);
  });
  if (e.picked === null) lines.push("no version qualifies: the resolution fails here");
  return lines;
}

function operation(e: { pack: string; request: OperationRequest; gates: GateStep[]; decision: OperationDecision }): string[] {
  const r = e.request;
  const lines = [`request: ${r.operation} (${e.decision.palm}), ${r.replicas} instance${r.replicas === 1 ? "" : "s"}, a ${r.actor_type} actor in ${r.environment}, against ${e.pack}`, "gates, in order (the most restrictive verdict wins: DENY > HOLD > REQUIRE_APPROVAL > ALLOW):"];
  e.gates.forEach((g, i) => lines.push(`  ${i + 1}. ${g.gate}: ${g.decision ? `${g.decision} by ${g.rule}: ${g.reason}` : `passes: ${g.reason}`}`));
  const d = e.decision;
  lines.push(`decision: ${d.decision}${d.rule !== "default" ? ` by ${d.rule}` : ""}: ${d.reason}`);
  if (d.obligations.length) lines.push(`obligations: ${d.obligations.join(", ")}`);
  for (const c of d.conditions) lines.push(`condition: ${c}`);
  return lines;
}

/** `packc explain` for a terminal (pure). */
export function renderExplain(e: Explanation): string {
  const subject = e.kind === "topic" ? `topic ${e.body.request.topic}` : e.kind === "config" ? `config ${e.body.pointer}` : e.kind === "pack" ? `pack ${e.body.id}` : e.kind === "operation" ? `operation ${e.body.request.operation}` : "";
  const lines = [`packc explain: tenant ${e.tenant}${subject ? `, ${subject}` : ""}`];
  if (e.kind === "topic") lines.push(...topic(e.body, e.declaredBy));
  else if (e.kind === "config") lines.push(...config(e.body));
  else if (e.kind === "pack") lines.push(...pack(e.body));
  else if (e.kind === "operation") lines.push(...operation(e.body));
  else lines.push("the tenant cannot be composed (it does not resolve, lock or validate), so it has no merged policy or config to explain");
  if (e.errorCount) lines.push(`the tenant has ${e.errorCount} error${e.errorCount === 1 ? "" : "s"}${e.errorCount > e.errors.length ? `; the first ${e.errors.length}` : ""}:`, ...e.errors.map((x) => `  ${x}`));
  return lines.join("\n") + "\n";
}
