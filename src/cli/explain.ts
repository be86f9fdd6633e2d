import { loadInputs } from "../load/repo.js";
import { prepareRun } from "../pipeline/compile.js";
import { readScoped } from "../impact/read-scoped.js";
import { workingTree } from "../repo/source.js";
import { findRepoRoot } from "../repo/root.js";
import { explainRequest, type PolicyTrace } from "../explain/policy.js";
import { explainConfig, type ConfigTrace } from "../explain/config.js";
import type { PickTrace } from "../resolve/resolver.js";
import { renderExplain, type Explanation } from "../report/explain.js";
import { nearest } from "../util/suggest.js";
import { escapeControls, escapeJsonControls } from "../util/controls.js";
import { EXIT, UsageError } from "./exit.js";

/** Options of `packc explain`. */
export interface ExplainOptions {
  repo: string;
  tenant: string;
  format: "text" | "json";
  /** A request's topic: explain the kernel's decision for it. */
  topic?: string;
  capability?: string;
  /** Comma-separated risk tags. */
  riskTags?: string;
  /** Comma-separated requirements. */
  requires?: string;
  /** `k=v` labels (repeatable). */
  labels?: string[];
  /** The pack the request runs as (default: the pack that declares the topic). */
  packId?: string;
  /** An RFC 6901 pointer into the tenant's merged config: explain its value. */
  config?: string;
  /** A pack id: explain why this version was resolved. */
  pack?: string;
}

const list = (s: string | undefined) => (s ?? "").split(",").map((x) => x.trim()).filter(Boolean);

/** `k=v` labels as a record; a label without `=` is a usage error. */
function labelsOf(given: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of given) {
    const eq = l.indexOf("=");
    if (eq <= 0) throw new UsageError(`--labels ${l}: write labels as key=value`);
    out[l.slice(0, eq)] = l.slice(eq + 1);
  }
  return out;
}

/**
 * `packc explain --tenant ID` with one of `--topic` (the kernel's evaluation of that request in
 * the tenant's merged policy, rule by rule), `--config POINTER` (the overlays that set the value,
 * in order, with file:line) or `--pack ID` (why that version was resolved: the ranges and who
 * asked, each version's verdict). Reads only what the tenant needs (a `--tenant` scoped read).
 * Exit 0 with the explanation; 1 when the tenant cannot be composed (the explanation says why);
 * 2 for a usage error (an unknown tenant, a pack it does not resolve, a malformed pointer).
 */
export async function runExplain(o: ExplainOptions): Promise<number> {
  const asked = [o.topic !== undefined && "--topic", o.config !== undefined && "--config", o.pack !== undefined && "--pack"].filter(Boolean);
  if (asked.length !== 1) throw new UsageError(asked.length ? `give one of --topic, --config and --pack, not ${asked.join(" and ")}` : "say what to explain: --topic TOPIC, --config POINTER or --pack ID");
  if (o.config !== undefined && o.config !== "" && !o.config.startsWith("/")) throw new UsageError(`--config ${o.config}: not an RFC 6901 JSON pointer (write /pools/topics/job.x.y)`);
  const root = findRepoRoot(o.repo);
  const read = readScoped(workingTree(root), { tenants: [o.tenant] });
  if (!read.tenantIds.includes(o.tenant)) {
    const guess = nearest(o.tenant, new Set(read.tenantIds));
    throw new UsageError(`--tenant ${o.tenant}: no such tenant under tenants/${guess ? ` (did you mean ${guess}?)` : ""}`);
  }
  const run = prepareRun(read.ws, { mode: "check", trace: true, ...(read.scope ? { scope: read.scope } : {}) });
  const tenant = run.tenants.find((t) => t.id === o.tenant);
  if (!tenant) throw new UsageError(`--tenant ${o.tenant}: tenants/${o.tenant} has no readable tenant.yaml; run packc check --tenant ${o.tenant}`);
  const result = run.compile(tenant);
  const trace = result.trace!;
  const errors = [...run.diagnostics.filter((d) => d.file.startsWith(`tenants/${o.tenant}/`)), ...result.diagnostics].filter((d) => d.severity === "error");
  const base: Omit<Explanation, "kind" | "body"> = { tenant: o.tenant, errors: errors.slice(0, 5).map((d) => `${d.code} ${d.file}:${d.line} ${d.message}`), errorCount: errors.length };
  let explanation: Explanation;
  if (o.pack !== undefined) {
    const pick = trace.picks.get(o.pack);
    if (!pick) {
      const known = [...trace.picks.keys()];
      throw new UsageError(`--pack ${o.pack}: tenant ${o.tenant} does not resolve that pack${known.length ? ` (it resolves ${known.join(", ")})` : ""}${tenant.domain ? `; its domain pack ${tenant.domain.name} is activated, not resolved` : ""}`);
    }
    explanation = { ...base, kind: "pack", body: pick satisfies PickTrace };
  } else if (!trace.policy) {
    // Composition did not run: there is no merged policy or config to explain.
    explanation = { ...base, kind: "uncomposed", body: null };
  } else if (o.topic !== undefined) {
    const declared = trace.packs.flatMap((p) => p.topics.map((t) => ({ pack: p, t }))).find((x) => x.t.name === o.topic!.trim());
    const request = {
      tenant: o.tenant,
      topic: o.topic,
      capability: o.capability ?? declared?.t.capability ?? "",
      riskTags: o.riskTags !== undefined ? list(o.riskTags) : (declared?.t.riskTags ?? []),
      requires: o.requires !== undefined ? list(o.requires) : (declared?.t.requires ?? []),
      packId: o.packId ?? declared?.pack.id ?? "",
      actorId: "",
      actorType: "",
      labels: labelsOf(o.labels ?? []),
    };
    const packs = new Set(trace.packs.map((p) => p.id));
    const packOf = (bundle: string) => {
      const id = bundle.includes("/") ? bundle.slice(0, bundle.lastIndexOf("/")) : "";
      return packs.has(id) ? id : null;
    };
    explanation = { ...base, kind: "topic", body: explainRequest(trace.policy, request, packOf) satisfies PolicyTrace, declaredBy: declared ? `${declared.pack.id}@${declared.pack.version}` : null };
  } else {
    const inputs = loadInputs(read.ws, new Set([o.tenant]));
    const merged = ((result.activeConfig ?? result.candidate)?.config ?? {}) as Record<string, unknown>;
    let body: ConfigTrace;
    try {
      body = explainConfig(o.config!, merged, { config: inputs.baseConfig, file: inputs.baseConfigFile }, trace.packs, read.ws);
    } catch (e) {
      throw new UsageError(`--config ${o.config}: ${e instanceof Error ? e.message : String(e)}`);
    }
    explanation = { ...base, kind: "config", body };
  }
  process.stdout.write(o.format === "json" ? escapeJsonControls(JSON.stringify(explanation, null, 2)) + "\n" : renderExplain(explanation).split("\n").map(escapeControls).join("\n"));
  return explanation.kind === "uncomposed" ? EXIT.errors : EXIT.ok;
}
