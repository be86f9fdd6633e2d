import { prepareRun } from "../pipeline/compile.js";
import { readScoped } from "../impact/read-scoped.js";
import { workingTree } from "../repo/source.js";
import { commitSource, GitRefError, resolveCommit } from "../repo/git.js";
import { findRepoRoot } from "../repo/root.js";
import { explainRequest, type PolicyTrace } from "../explain/policy.js";
import { explainConfig, type ConfigTrace } from "../explain/config.js";
import type { PickTrace } from "../resolve/resolver.js";
import { renderExplain, type Explanation } from "../report/explain.js";
import { nearest } from "../util/suggest.js";
import { escapeControls, escapeJsonControls } from "../util/controls.js";
import { EXIT, UsageError } from "./exit.js";
import { decide, type GateStep } from "../dialects/platform/decisions.js";
import { OPERATIONS } from "../dialects/platform/operations.js";
import type { OperationRequest } from "../model/platform.js";

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
  /** A PALM operation key (`scale_up`): explain the platform pack's gates for it. */
  operation?: string;
  /** With `operation`: how many instances (default 1). */
  instances?: string;
  /** With `operation`: the environment (default production). */
  environment?: string;
  /** With `operation`: who asks: human, system or service (default human). */
  actor?: string;
  /** Explain the repository as this commit has it (read by commit id), not the working tree. */
  ref?: string;
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

/** `--ref`'s commit id; a ref that names no commit here is a usage error. */
function refCommit(root: string, ref: string): string {
  try {
    return resolveCommit(root, ref);
  } catch (e) {
    if (e instanceof GitRefError) throw new UsageError(e.message.replace("--base", "--ref"));
    throw e;
  }
}

/** The PALM request `--operation` describes; an unknown operation, actor or count is a usage error. */
function operationRequest(o: ExplainOptions): OperationRequest {
  const op = o.operation!.trim();
  if (!OPERATIONS.some((x) => x.key === op)) {
    const guess = nearest(op, new Set(OPERATIONS.map((x) => x.key)));
    throw new UsageError(`--operation ${op}: not a PALM operation${guess ? ` (did you mean ${guess}?)` : ""}; one of ${OPERATIONS.map((x) => x.key).join(", ")}`);
  }
  const replicas = Number(o.instances ?? "1");
  if (!Number.isInteger(replicas) || replicas < 0) throw new UsageError(`--instances ${o.instances}: a whole number of instances`);
  const actor = (o.actor ?? "human").trim();
  if (!["human", "system", "service"].includes(actor)) throw new UsageError(`--actor ${actor}: one of human, system, service`);
  return { operation: op, environment: (o.environment ?? "production").trim(), actor_type: actor as OperationRequest["actor_type"], replicas };
}

/**
 * `packc explain --tenant ID` with one of `--topic` (the kernel's evaluation of that request in
 * the tenant's merged policy, rule by rule), `--config POINTER` (the overlays that set the value,
 * in order, with file:line) or `--pack ID` (why that version was resolved: the ranges and who
 * asked, each version's verdict) or `--operation OP` (the tenant's platform pack's gates for a
 * PALM operation: limits, safety holds, approvals, each with its verdict; `dialects/platform/
 * decisions.ts`). The working tree, or with `--ref` a commit read by id. Reads only what the tenant needs (a `--tenant` scoped read).
 * Exit 0 with the explanation; 1 when the tenant cannot be composed (the explanation says why);
 * 2 for a usage error (an unknown tenant, a pack it does not resolve, a malformed pointer).
 */
export async function runExplain(o: ExplainOptions): Promise<number> {
  const asked = [o.topic !== undefined && "--topic", o.config !== undefined && "--config", o.pack !== undefined && "--pack", o.operation !== undefined && "--operation"].filter(Boolean);
  if (asked.length !== 1) throw new UsageError(asked.length ? `give one of --topic, --config, --pack and --operation, not ${asked.join(" and ")}` : "say what to explain: --topic TOPIC, --config POINTER, --pack ID or --operation OP");
  // An option of another question would be silently ignored: say so instead.
  const stray = (owner: string, given: [string, unknown][]) => {
    const extra = given.filter(([, v]) => v !== undefined).map(([n]) => n);
    if (extra.length) throw new UsageError(`${extra.join(", ")} only go${extra.length === 1 ? "es" : ""} with ${owner}`);
  };
  if (o.topic === undefined) stray("--topic", [["--capability", o.capability], ["--risk-tags", o.riskTags], ["--requires", o.requires], ["--labels", o.labels], ["--pack-id", o.packId]]);
  if (o.operation === undefined) stray("--operation", [["--instances", o.instances], ["--environment", o.environment], ["--actor", o.actor]]);
  const request = o.operation !== undefined ? operationRequest(o) : null;
  if (o.config !== undefined && o.config !== "" && !o.config.startsWith("/")) throw new UsageError(`--config ${o.config}: not an RFC 6901 JSON pointer (write /pools/topics/job.x.y)`);
  const root = findRepoRoot(o.repo);
  const source = o.ref === undefined ? workingTree(root) : commitSource(root, refCommit(root, o.ref));
  const read = readScoped(source, { tenants: [o.tenant] });
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
  } else if (request) {
    const platform = trace.packs.find((p) => p.platform);
    if (!platform?.platform) throw new UsageError(`--operation: tenant ${o.tenant} uses no platform pack, so no PALM gate applies`);
    const gates: GateStep[] = [];
    const decision = decide(platform.platform.config, request, gates);
    explanation = { ...base, kind: "operation", body: { pack: `${platform.id}@${platform.version}`, request, gates, decision } };
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
    const merged = ((result.activeConfig ?? result.candidate)?.config ?? {}) as Record<string, unknown>;
    let body: ConfigTrace;
    try {
      body = explainConfig(o.config!, merged, trace.base, trace.packs, read.ws);
    } catch (e) {
      throw new UsageError(`--config ${o.config}: ${e instanceof Error ? e.message : String(e)}`);
    }
    explanation = { ...base, kind: "config", body };
  }
  process.stdout.write(o.format === "json" ? escapeJsonControls(JSON.stringify(explanation, null, 2)) + "\n" : renderExplain(explanation).split("\n").map(escapeControls).join("\n"));
  return explanation.kind === "uncomposed" ? EXIT.errors : EXIT.ok;
}
