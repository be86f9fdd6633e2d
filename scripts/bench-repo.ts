// The benchmark's repositories: realistic shapes, generated deterministically (a seeded PRNG, no
// clock, no file-system order), so every run and every machine measures the same bytes.
//
// About 70 % of the packs are Cordum packs shaped like cordum-packs': 2–4 topics with a
// read/write split, 2–4 JSON Schema 2020-12 resources, one workflow in the engine's DSL (steps
// map, depends_on, output_schema_id, an inline input_schema, step meta), pools and timeouts
// overlays, a policy fragment (deny / require_approval / allow with topics and risk_tags) and
// 2–3 policy simulations; the oldest version uses the old apiVersion. The rest are Portarium
// packs shaped like its reference pack: verticals depending on base packs, literal-path assets
// (schema extensions, workflows, UI templates, mappings, test assets with fixtures, sometimes a
// compliance profile), and a requiresCore that excludes the newest version of every fourth pack,
// so the resolver must skip it. Tenants request 2–6 packs with ^, ~ and comparator ranges.

/** A repository size: pack ids, versions of each, tenants. */
export interface BenchSize {
  packs: number;
  versions: number;
  tenants: number;
}

/** The three sizes. */
export const SIZES: Record<"small" | "medium" | "large", BenchSize> = {
  small: { packs: 20, versions: 3, tenants: 50 },
  medium: { packs: 200, versions: 5, tenants: 1000 },
  large: { packs: 500, versions: 5, tenants: 10000 },
};

const VERSIONS = ["1.0.0", "1.1.0", "1.2.0", "2.0.0", "2.1.0"];
const CORE = "1.4.0";

/** mulberry32: a small, well-known 32-bit PRNG; the same seed gives the same sequence everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isCordum = (i: number) => i % 10 < 7;
/** The first Portarium pack of every ten is a base pack that verticals depend on. */
const isBase = (i: number) => i % 10 === 7;
const packId = (i: number) => (isCordum(i) ? `svc-${i}` : `vert.p${i}`);
/** Every fourth pack's newest version needs a core the tenants do not run. */
const newestNeedsNewCore = (i: number) => i % 4 === 0;

const json = (v: unknown) => JSON.stringify(v, null, 2) + "\n";

const VERBS = ["read", "write", "sync", "export"];
const RISK: Record<string, string[]> = { read: ["read"], write: ["write", "network"], sync: ["network"], export: ["exfil", "network"] };
const NEEDS: Record<string, string[]> = { read: ["network:egress"], write: ["network:egress"], sync: ["queue"], export: ["storage"] };
const SCHEMA_NAMES = ["Input", "Output", "Event", "Report"];

/** A resource schema; the first two stay the same across a pack's minor versions, as real packs' do. */
function resourceSchema(i: number, name: string, v: number, k: number): unknown {
  const era = k < 2 ? Math.floor(v / 3) : v;
  const fields = 3 + ((i + k) % 5);
  const properties: Record<string, unknown> = {};
  for (let f = 0; f < fields; f++) {
    const kind = (i + f + k) % 4;
    properties[`${name.toLowerCase()}_field_${f}`] =
      kind === 0 ? { type: "string", minLength: 1 } : kind === 1 ? { type: "integer", minimum: 0 } : kind === 2 ? { enum: ["low", "medium", "high", `level-${era}`] } : { type: "string", format: "uri" };
  }
  properties["meta"] = { type: "object", properties: { source: { type: "string" }, revision: { type: "integer", minimum: era } }, additionalProperties: true };
  return { $schema: "https://json-schema.org/draft/2020-12/schema", title: `${name} of pack ${i}`, type: "object", required: [`${name.toLowerCase()}_field_0`], properties, additionalProperties: false };
}

function cordumVersion(out: Map<string, string>, i: number, v: number, versions: number): void {
  const id = packId(i);
  const version = VERSIONS[v]!;
  const dir = `packs/${id}/${version}`;
  const verbs = VERBS.slice(0, 2 + (i % 3));
  const schemas = SCHEMA_NAMES.slice(0, 2 + ((i + v) % 3));
  const newest = v === versions - 1;
  const minCore = newest && newestNeedsNewCore(i) ? "2.0.0" : "1.0.0";
  const lines = [
    `apiVersion: ${v === 0 ? "coretexos.dev/v1alpha1" : "cordum.io/v1alpha1"}`,
    "kind: Pack",
    "metadata:",
    `  id: ${id}`,
    `  version: ${version}`,
    `  title: Service ${i}`,
    `  description: Sync, review and export records of service ${i}.`,
    "compatibility:",
    "  protocolVersion: 1",
    `  minCoreVersion: ${minCore}`,
    "topics:",
    ...verbs.flatMap((verb) => [`  - name: job.${id}.${verb}`, `    capability: ${id}.${verb}`, `    riskTags: [${RISK[verb]!.join(", ")}]`, `    requires: ["${NEEDS[verb]!.join('", "')}"]`]),
    "resources:",
    "  schemas:",
    ...schemas.flatMap((s) => [`    - id: ${id}/${s}`, `      path: schemas/${s}.json`]),
    "  workflows:",
    `    - id: ${id}.main`,
    "      path: workflows/main.yaml",
    "overlays:",
    "  config:",
    "    - name: pools",
    "      scope: system",
    "      scope_id: default",
    "      key: pools",
    "      strategy: json_merge_patch",
    "      path: overlays/pools.patch.yaml",
    "    - name: timeouts",
    "      key: timeouts",
    "      path: overlays/timeouts.patch.yaml",
    "  policy:",
    "    - name: safety",
    "      strategy: bundle_fragment",
    "      path: overlays/policy.fragment.yaml",
    "tests:",
    "  policySimulations:",
    ...simulation(id, "read", "ALLOW"),
    ...simulation(id, "write", "REQUIRE_APPROVAL"),
    ...(verbs.includes("export") ? simulation(id, "export", "DENY") : []),
  ];
  out.set(`${dir}/pack.yaml`, lines.join("\n") + "\n");
  schemas.forEach((s, k) => out.set(`${dir}/schemas/${s}.json`, json(resourceSchema(i, s, v, k))));
  const steps = verbs.flatMap((verb, k) => [
    `  ${verb}:`,
    "    type: worker",
    `    topic: job.${id}.${verb}`,
    ...(k === 0 ? [`    input_schema_id: ${id}/${schemas[0]}`] : [`    depends_on: [${verbs[k - 1]}]`, "    input:", `      previous: \${steps.${verbs[k - 1]}.output}`]),
    `    output_schema_id: ${id}/${schemas[k % schemas.length]}`,
    "    meta:",
    `      pack_id: ${id}`,
    `      capability: ${id}.${verb}`,
    `      risk_tags: [${RISK[verb]!.join(", ")}]`,
    `      requires: ["${NEEDS[verb]!.join('", "')}"]`,
  ]);
  out.set(
    `${dir}/workflows/main.yaml`,
    [`id: ${id}.main`, `name: Service ${i} main`, `version: "${version}"`, "timeout_sec: 900", "input_schema:", "  type: object", "  required: [record_id]", "  properties:", "    record_id: { type: string }", "steps:", ...steps].join("\n") + "\n",
  );
  out.set(`${dir}/overlays/pools.patch.yaml`, ["pools:", ...verbs.flatMap((verb) => [`  ${id}-${verb}:`, `    requires: ["${NEEDS[verb]!.join('", "')}"]`]), "topics:", ...verbs.map((verb) => `  job.${id}.${verb}: ${id}-${verb}`)].join("\n") + "\n");
  out.set(`${dir}/overlays/timeouts.patch.yaml`, ["topics:", ...verbs.flatMap((verb, k) => [`  job.${id}.${verb}:`, `    timeout_seconds: ${30 + 10 * k + v}`, `    max_retries: ${k % 3}`])].join("\n") + "\n");
  out.set(
    `${dir}/overlays/policy.fragment.yaml`,
    [
      'version: "1"',
      "rules:",
      ...(verbs.includes("export") ? [`  - id: ${id}-deny-export`, "    match:", `      topics: ["job.${id}.export"]`, "      risk_tags: [exfil]", "    decision: deny", "    reason: exports leave the tenant"] : []),
      `  - id: ${id}-approve-write`,
      "    match:",
      `      topics: ["job.${id}.write"]`,
      "    decision: require_approval",
      `    reason: writes to service ${i} need a second person`,
      `  - id: ${id}-allow`,
      "    match:",
      `      topics: ["job.${id}.*"]`,
      "    decision: allow",
    ].join("\n") + "\n",
  );
}

function simulation(id: string, verb: string, expect: string): string[] {
  return ["    - name: " + `${verb}_is_${expect.toLowerCase()}`, "      request:", "        tenantId: default", `        topic: job.${id}.${verb}`, `        capability: ${id}.${verb}`, `        riskTags: [${RISK[verb]!.join(", ")}]`, `      expectDecision: ${expect}`];
}

function portariumVersion(out: Map<string, string>, i: number, v: number, versions: number, dependencies: Record<string, string>): void {
  const id = packId(i);
  const version = VERSIONS[v]!;
  const dir = `packs/${id}/${version}`;
  const ns = `p${i}`;
  const newest = v === versions - 1;
  const common = { schemaVersion: 1, packId: id };
  const extensions = ["record", "evidence"].slice(0, 1 + (i % 2));
  const assets: Record<string, string[]> = {
    schemas: extensions.map((e) => `schema/${e}.json`),
    workflows: ["workflows/review.json"],
    uiTemplates: ["ui/form.json"],
    mappings: ["mappings/source.json"],
    testAssets: ["testdata/review-fixture.json"],
  };
  if (i % 3 === 0) assets["complianceProfiles"] = ["compliance/controls.json"];
  out.set(
    `${dir}/pack.manifest.json`,
    json({
      manifestVersion: 1,
      kind: isBase(i) ? "BasePack" : "VerticalPack",
      id,
      version,
      requiresCore: newest && newestNeedsNewCore(i) ? ">=2.0.0 <3.0.0" : ">=1.0.0 <2.0.0",
      displayName: `Vertical ${i}`,
      description: `Records, reviews and evidence for vertical ${i}.`,
      dependencies,
      assets,
    }),
  );
  for (const e of extensions) {
    out.set(`${dir}/schema/${e}.json`, json({ ...common, extensionId: `${ns}-${e}`, namespace: ns, extendsCore: e === "record" ? "core.record" : "core.evidence_object", fields: [{ fieldName: "recordId", fieldType: "string", required: true }, { fieldName: "level", fieldType: `enum:low|medium|high|v${v}`, required: v > 1 }] }));
  }
  out.set(`${dir}/workflows/review.json`, json({ ...common, definitionId: `${ns}-review`, namespace: ns, triggerType: "event:record.created", executionTier: v % 2 ? "HumanApprove" : "Assisted", steps: ["collect", "approve", "record"].map((s) => ({ stepId: s, name: `Step ${s}`, actionType: `${ns}.${s}` })) }));
  out.set(`${dir}/ui/form.json`, json({ ...common, templateId: `${ns}-form`, namespace: ns, schemaRef: `${ns}-record`, fields: [{ fieldName: "recordId", widget: "text", label: "Record" }, { fieldName: "level", widget: "select" }] }));
  out.set(`${dir}/mappings/source.json`, json({ ...common, mappingId: `${ns}-source`, namespace: ns, protocol: "https", authModel: "oauth2", fieldMappings: [{ sourceField: "payload.id", targetField: "recordId", transform: `prefix:${ns.toUpperCase()}-` }] }));
  out.set(`${dir}/testdata/review-fixture.json`, json({ ...common, assetId: `${ns}-review-fixture`, kind: "workflow-simulation", dataPath: "testdata/review-fixture.json", scenarioId: "review", expectedTasks: ["collect", "approve", "record"] }));
  if (i % 3 === 0) out.set(`${dir}/compliance/controls.json`, json({ ...common, profileId: `${ns}-controls`, namespace: ns, jurisdiction: "EU", constraints: [{ constraintId: "four-eyes", rule: "approver != requestedBy", severity: "high" }] }));
}

/**
 * The files of a benchmark repository of `size` (path → text), without lockfiles: `packc.yaml`,
 * the base config and policy, every pack version and every `tenant.yaml`. Deterministic.
 */
export function benchRepo(size: BenchSize): Map<string, string> {
  const out = new Map<string, string>();
  const random = prng(0x5eed + size.packs * 31 + size.tenants);
  out.set("packc.yaml", `core:\n  version: ${CORE}\nbase:\n  config: config/system.yaml\n  policy: config/safety.yaml\n`);
  out.set("config/system.yaml", "pools:\n  topics:\n    job.default: default\n  pools:\n    default:\n      requires: []\ntimeouts:\n  reconciler:\n    dispatch_timeout_seconds: 300\n    running_timeout_seconds: 9000\n    scan_interval_seconds: 30\n");
  out.set("config/safety.yaml", 'version: "1"\ndefault_tenant: default\nrules:\n  - id: base-deny-purge\n    match:\n      topics: ["job.*.purge"]\n    decision: deny\n    reason: purge jobs go through the break-glass runbook\n');
  const bases: number[] = [];
  for (let i = 0; i < size.packs; i++) {
    if (isCordum(i)) {
      for (let v = 0; v < size.versions; v++) cordumVersion(out, i, v, size.versions);
      continue;
    }
    // A vertical pack depends on one or two base packs (any version), as Portarium's do; base
    // packs depend on nothing, so a tenant's packs stay a handful.
    const deps: Record<string, string> = {};
    if (!isBase(i)) for (const j of [bases[bases.length - 1], bases[Math.floor(random() * bases.length)]]) if (j !== undefined) deps[packId(j)] = ">=1.0.0 <3.0.0";
    for (let v = 0; v < size.versions; v++) portariumVersion(out, i, v, size.versions, deps);
    if (isBase(i)) bases.push(i);
  }
  for (let t = 0; t < size.tenants; t++) {
    const want = 2 + Math.floor(random() * 5);
    const picked = new Set<number>();
    while (picked.size < Math.min(want, size.packs)) picked.add(Math.floor(random() * size.packs));
    const requests = [...picked].sort((a, b) => a - b).map((i) => {
      if (!isCordum(i)) return `  ${packId(i)}: ">=1.0.0 <3.0.0"`;
      const r = random();
      return `  ${packId(i)}: ${r < 0.4 ? '"^1.0.0"' : r < 0.7 ? '"~1.1.0"' : '">=1.0.0 <3.0.0"'}`;
    });
    out.set(`tenants/tenant-${t}/tenant.yaml`, `id: tenant-${t}\nstatus: ACTIVE\npacks:\n${requests.join("\n")}\n`);
  }
  return out;
}
