import { describe, expect, it } from "vitest";
import { CODES } from "../src/diagnostics/codes.js";
import { DOMAIN_CASES } from "./fixtures/domain.js";
import { PLATFORM_CASES } from "./fixtures/platform.js";
import { edit, itReportsAtLine, lineOf, locked, type Case } from "./fixtures/edit.js";
import { MINI } from "./fixtures/mini.js";
import { compileFiles } from "./helpers.js";

const LOCK = "tenants/t1/packs.lock.json";
const PACK = "packs/mini/1.0.0/pack.yaml";
const FLOW = "packs/mini/1.0.0/workflows/flow.yaml";
const POOLS = "packs/mini/1.0.0/overlays/pools.yaml";
const TIMEOUTS = "packs/mini/1.0.0/overlays/timeouts.yaml";
const POLICY = "packs/mini/1.0.0/overlays/policy.yaml";
const MANIFEST = "packs/p.base/1.0.0/pack.manifest.json";
const TENANT = "tenants/t1/tenant.yaml";

const GOOD = locked(MINI);
const lolBomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`)].join("\n") + "\n";
const EXTRA_PACK = (id: string, rule: string) => ({
  [`packs/${id}/1.0.0/pack.yaml`]: `metadata:\n  id: ${id}\n  version: 1.0.0\ncompatibility:\n  protocolVersion: 1\noverlays:\n  policy:\n    - name: safety\n      path: policy.yaml\n`,
  [`packs/${id}/1.0.0/policy.yaml`]: `rules:\n${rule}`,
});
const portarium = (id: string, deps: Record<string, string>) => ({
  [`packs/${id}/1.0.0/pack.manifest.json`]: JSON.stringify({ manifestVersion: 1, kind: "VerticalPack", id, version: "1.0.0", requiresCore: "*", displayName: id, dependencies: deps, assets: {} }, null, 2),
});

const cases: Case[] = [
  ["invalid JSON", "PK101", () => edit(GOOD, "packs/mini/1.0.0/schemas/Input.json", '"type": "object",', '"type": "object",,'), "packs/mini/1.0.0/schemas/Input.json", 2],
  ["duplicate key", "PK102", () => edit(GOOD, POLICY, 'version: "1"\n', 'version: "1"\nversion: "2"\n'), POLICY, 2],
  ["alias bomb", "PK103", () => ({ ...GOOD, [TIMEOUTS]: lolBomb }), TIMEOUTS, 1],
  ["__proto__ key", "PK104", () => edit(GOOD, POOLS, "pools:\n", "__proto__:\n  x: 1\npools:\n"), POOLS, 1],
  ["path escaping the pack", "PK106", () => edit(GOOD, PACK, "path: schemas/Input.json", "path: ../../other/Input.json"), PACK, 21],
  ["YAML 1.1 directive", "PK108", () => edit(GOOD, POLICY, 'version: "1"', '%YAML 1.1\n---\nversion: "1"'), POLICY, 1],
  ["missing workflow file", "PK109", () => edit(GOOD, PACK, "path: workflows/flow.yaml", "path: workflows/missing.yaml"), PACK, 24],
  ["tenant status not in the enum", "PK110", () => edit(GOOD, TENANT, "status: ACTIVE", "status: active"), TENANT, 2],
  ["unknown key in a strict policy rule", "PK111", () => edit(GOOD, POLICY, "    decision: require_approval\n", "    decision: require_approval\n    priority: 1\n"), POLICY, 7],
  ["tenant without status", "PK112", () => edit(GOOD, TENANT, "status: ACTIVE\n", ""), TENANT, 1],
  ["overlay patch that is a list", "PK113", () => ({ ...GOOD, [TIMEOUTS]: "- a\n- b\n" }), TIMEOUTS, 1],
  ["resource schema that does not compile", "PK115", () => edit(GOOD, "packs/mini/1.0.0/schemas/Input.json", '"type": "object"', '"type": "objekt"'), "packs/mini/1.0.0/schemas/Input.json", 1],
  ["YAML .inf timeout (crashed compile and diff with exit 3)", "PK118", () => edit(GOOD, TIMEOUTS, "timeout_seconds: 10", "timeout_seconds: .inf"), TIMEOUTS, 3],
  ["JSON 1e999 in a schema", "PK118", () => edit(GOOD, "packs/mini/1.0.0/schemas/Input.json", '"type": "string"', '"type": "string", "maxLength": 1e999'), "packs/mini/1.0.0/schemas/Input.json", 3],
  ["misspelt manifest key", "PK116", () => edit(GOOD, PACK, "    capability: mini.read", "    capabilty: mini.read"), PACK, 11],
  ["no core version anywhere", "PK117", () => ({ ...GOOD, "packc.yaml": "{}\n" }), TENANT, 3],
  ["manifest version differs from its directory", "PK201", () => edit(GOOD, PACK, "version: 1.0.0", "version: 1.0.1"), PACK, 5],
  ["topic outside the namespace", "PK202", () => edit(GOOD, PACK, "- name: job.mini.read", "- name: job.other.read"), PACK, 10],
  ["schema id outside the namespace", "PK203", () => edit(GOOD, PACK, "- id: mini/Input", "- id: other/Input"), PACK, 20],
  ["workflow id outside the namespace", "PK204", () => edit(GOOD, PACK, "- id: mini.flow", "- id: flow"), PACK, 23],
  ["pool outside the namespace", "PK205", () => edit(GOOD, POOLS, "  mini:\n", "  shared:\n"), POOLS, 2],
  ["protocol version 2", "PK206", () => edit(GOOD, PACK, "protocolVersion: 1", "protocolVersion: 2"), PACK, 7],
  ["minCoreVersion not SemVer", "PK207", () => edit(GOOD, PACK, "minCoreVersion: 0.1.0", "minCoreVersion: latest"), PACK, 8],
  ["pack version not SemVer", "PK208", () => edit(GOOD, PACK, "version: 1.0.0", "version: v1"), PACK, 5],
  ["topic declared twice", "PK209", () => edit(GOOD, PACK, "  - name: job.mini.write", "  - name: job.mini.read"), PACK, 14],
  ["step topic not declared", "PK210", () => edit(GOOD, FLOW, "topic: job.mini.write", "topic: job.mini.delete"), FLOW, 11],
  ["step meta capability differs", "PK211", () => edit(GOOD, FLOW, "capability: mini.read", "capability: mini.reed"), FLOW, 8],
  ["unknown step dependency", "PK212", () => edit(GOOD, FLOW, "depends_on: [read]", "depends_on: [reed]"), FLOW, 12],
  ["step dependency cycle", "PK213", () => edit(GOOD, FLOW, "    input_schema_id: mini/Input\n", "    input_schema_id: mini/Input\n    depends_on: [write]\n"), FLOW, 7],
  ["step output read without dependency", "PK214", () => edit(GOOD, FLOW, "    depends_on: [read]\n", ""), FLOW, 13],
  ["unknown schema id", "PK215", () => edit(GOOD, FLOW, "input_schema_id: mini/Input", "input_schema_id: mini/Inptu"), FLOW, 6],
  ["seed-style after", "PK216", () => edit(GOOD, FLOW, "depends_on: [read]", "after: [read]"), FLOW, 12],
  ["schema id as inline schema", "PK217", () => edit(GOOD, FLOW, "input_schema_id: mini/Input", "input_schema: mini/Input"), FLOW, 6],
  ["unterminated template", "PK218", () => edit(GOOD, FLOW, "${steps.read.output}", "${steps.read.output"), FLOW, 14],
  ["workflow file id differs", "PK219", () => edit(GOOD, FLOW, "id: mini.flow", "id: mini.other"), FLOW, 1],
  ["overlay on an unsupported key", "PK220", () => edit(GOOD, PACK, "key: timeouts", "key: limits"), PACK, 31],
  ["timeouts overlay sets reconciler", "PK221", () => ({ ...GOOD, [TIMEOUTS]: "reconciler:\n  scan_interval_seconds: 1\n" + GOOD[TIMEOUTS] }), TIMEOUTS, 1],
  ["timeouts topic outside the namespace", "PK222", () => edit(GOOD, TIMEOUTS, "job.mini.read:", "job.other.read:"), TIMEOUTS, 2],
  ["glob topic key in pools", "PK223", () => edit(GOOD, POOLS, "  job.mini.write: mini\n", "  job.mini.write: mini\n  job.mini.*: mini\n"), POOLS, 7],
  ["policy overlay strategy", "PK224", () => edit(GOOD, PACK, "strategy: bundle_fragment", "strategy: replace"), PACK, 35],
  ["asset glob, which Portarium reads as a literal path", "PK246", () => edit(GOOD, MANIFEST, '"schema/ext.json"', '"schema/*.json"'), MANIFEST, 9],
  ["asset glob matching nothing", "PK240", () => edit(GOOD, MANIFEST, '"schema/ext.json"', '"schemas/*.json"'), MANIFEST, 9],
  ["asset packId of another pack", "PK241", () => edit(GOOD, "packs/p.base/1.0.0/schema/ext.json", '"packId": "p.base"', '"packId": "p.other"'), "packs/p.base/1.0.0/schema/ext.json", 3],
  ["asset glob with three wildcards (a ReDoS in the glob library)", "PK244", () => edit(GOOD, MANIFEST, '"schema/ext.json"', '"schema/*a*a*.json"'), MANIFEST, 9],
  ["dependency on an unknown pack", "PK242", () => edit(GOOD, MANIFEST, '"displayName": "Base",\n', '"displayName": "Base",\n  "dependencies": { "p.missing": "*" },\n'), MANIFEST, 8],
  ["npm caret range in a Portarium manifest", "PK245", () => edit(GOOD, MANIFEST, '">=1.0.0 <2.0.0"', '"^1.0.0"'), MANIFEST, 6],
  ["invalid requiresCore range", "PK243", () => edit(GOOD, MANIFEST, '">=1.0.0 <2.0.0"', '">= one"'), MANIFEST, 6],
  ["pack directory without manifest", "PK250", () => ({ ...GOOD, "packs/empty/1.0.0/README.md": "x\n" }), "packs/empty/1.0.0", 1],
  ["two dialect manifests", "PK251", () => ({ ...GOOD, "packs/mini/1.0.0/pack.manifest.json": GOOD[MANIFEST]! }), "packs/mini/1.0.0", 1],
  ["stray file in packs/", "PK252", () => ({ ...GOOD, "packs/stray.yaml": "a: 1\n" }), "packs/stray.yaml", 1],
  ["range no version satisfies", "PK301", () => edit(GOOD, TENANT, "mini: ^1.0.0", "mini: ^2.0.0"), TENANT, 4],
  ["core too old for the pack", "PK302", () => edit(GOOD, TENANT, "status: ACTIVE\n", "status: ACTIVE\ncore: 0.0.1\n"), TENANT, 5],
  ["greedy dependency conflict", "PK303", () => ({ ...GOOD, ...portarium("p.app", { "p.base": ">=1.1.0" }), [TENANT]: 'id: t1\nstatus: ACTIVE\npacks:\n  p.base: "=1.0.0"\n  p.app: "*"\n' }), TENANT, 4],
  ["dependency cycle", "PK304", () => ({ ...GOOD, ...portarium("p.x", { "p.y": "*" }), ...portarium("p.y", { "p.x": "*" }), [TENANT]: 'id: t1\nstatus: ACTIVE\npacks:\n  p.x: "*"\n' }), TENANT, 4],
  ["request for an unknown pack", "PK305", () => ({ ...GOOD, [TENANT]: GOOD[TENANT] + '  nope: "*"\n' }), TENANT, 6],
  ["lockfile missing", "PK306", () => { const f = { ...GOOD }; delete f[LOCK]; return f; }, TENANT, 3],
  ["lockfile stale after a request change", "PK307", () => edit(GOOD, TENANT, "mini: ^1.0.0", 'mini: ">=1.0.0"'), LOCK, () => lineOf(GOOD[LOCK]!, '"mini": "^1.0.0"')],
  ["released version changed after locking", "PK308", () => edit(GOOD, "packs/mini/1.0.0/schemas/Input.json", '"q"', '"query"'), LOCK, () => lineOf(GOOD[LOCK]!, '"integrity"')],
  ["lockfile pinning a deprecated version", "PK314", () => ({ ...GOOD, "packs/mini/lifecycle.yaml": "deprecated:\n  1.0.0: use 2.x\n" }), LOCK, () => lineOf(GOOD[LOCK]!, '"version": "1.0.0"')],
  ["tenant id differs from its directory", "PK309", () => edit(GOOD, TENANT, "id: t1", "id: t2"), TENANT, 1],
  ["merged pools invalid", "PK401", () => locked(edit(MINI, POOLS, "requires: [net]", "requires: net")), POOLS, 3],
  ["scalar workflow timeout (the hello-pack bug)", "PK402", () => locked({ ...MINI, [TIMEOUTS]: "workflows:\n  mini.flow: 120\n" }), TIMEOUTS, 2],
  ["declared topic no step dispatches, without a pool", "PK403", () => locked(edit(MINI, PACK, "resources:\n", "  - name: job.mini.spare\n    capability: mini.spare\nresources:\n")), PACK, 18],
  ["step dispatching a topic without a pool", "PK406", () => locked(edit(MINI, POOLS, "  job.mini.write: mini\n", "")), FLOW, 11],
  ["pool lacking the topic's requires", "PK404", () => locked(edit(MINI, POOLS, "requires: [net]", "requires: [disk]")), POOLS, 5],
  ["route to an undefined pool", "PK405", () => locked(edit(MINI, POOLS, "job.mini.write: mini", "job.mini.write: ghost")), POOLS, 6],
  ["seed-style match.topic", "PK501", () => edit(GOOD, POLICY, "topics: [job.mini.write]", "topic: job.mini.write"), POLICY, 5],
  ["integer policy version", "PK502", () => edit(GOOD, POLICY, 'version: "1"', "version: 1"), POLICY, 1],
  ["tenant allow list next to rules", "PK503", () => ({ ...GOOD, [POLICY]: GOOD[POLICY] + "tenants:\n  default:\n    allow_topics: [job.mini.*]\n" }), POLICY, 9],
  ["simulation expecting the wrong decision", "PK504", () => edit(GOOD, PACK, "expectDecision: REQUIRE_APPROVAL", "expectDecision: DENY"), PACK, 43],
  ["simulation shadowed by another pack's rule", "PK505", () => locked({ ...MINI, ...EXTRA_PACK("a-open", "  - id: a-open-all\n    match:\n      topics: ['job.*']\n    decision: allow\n"), [TENANT]: MINI[TENANT] + "  a-open: ^1.0.0\n" }), PACK, 43],
  ["upper-case decision", "PK506", () => edit(GOOD, POLICY, "decision: require_approval", "decision: REQUIRE_APPROVAL"), POLICY, 6],
  ["workflow without steps (the engine installs it)", "PK225", () => ({ ...GOOD, [FLOW]: "id: mini.flow\nname: nothing yet\n" }), FLOW, 1],
  ["empty policy fragment (the kernel skips it)", "PK508", () => ({ ...GOOD, [POLICY]: "  \n# rules to come\n\n" }), PACK, () => lineOf(GOOD[PACK]!, "path: overlays/policy.yaml")],
  ["expectDecision that is no kernel decision", "PK507", () => edit(GOOD, PACK, "expectDecision: REQUIRE_APPROVAL", "expectDecision: require-approval"), PACK, 43],
];

/** Codes proven by other test files (they need real bytes on disk, a file system or a git base). */
const COVERED_ELSEWHERE = ["PK105", "PK107", "PK114", "PK315"];

describe("the valid fixture", () => {
  it("has no diagnostics at all", () => {
    expect(compileFiles(GOOD).diagnostics).toEqual([]);
  });
});

describe.each(cases)("%s", (_name, code, files, file, line) => itReportsAtLine(code, files, file, line));

describe("a topic routed to no pool", () => {
  it("is an error at each step that dispatches it, and no longer the declaration's warning (step-topic-without-pool)", () => {
    const r = compileFiles(locked(edit(MINI, POOLS, "  job.mini.write: mini\n", "")));
    expect(r.diagnostics.filter((d) => d.code === "PK406").map((d) => `${d.severity} ${d.file}:${d.line}`)).toEqual([`error ${FLOW}:11`]);
    expect(r.diagnostics.filter((d) => d.code === "PK403")).toEqual([]);
  });

  it("is a warning at the declaration when no step dispatches it (declared-topic-unused-without-pool)", () => {
    const r = compileFiles(locked(edit(MINI, PACK, "resources:\n", "  - name: job.mini.spare\n    capability: mini.spare\nresources:\n")));
    expect(r.diagnostics.map((d) => `${d.code} ${d.severity}`)).toEqual(["PK403 warning"]);
  });
});

describe("a Portarium asset glob", () => {
  it("is a warning whose hint lists the literal paths to write, and still loads the files it matches (asset-glob-literal-paths)", () => {
    const r = compileFiles(locked(edit(MINI, MANIFEST, '"schema/ext.json"', '"schema/*.json"')));
    expect(r.diagnostics.map((d) => `${d.code} ${d.severity} ${d.hint}`)).toEqual(['PK246 warning list the files instead: "schema/ext.json"']);
    expect(r.packs.find((p) => p.id === "p.base")!.assets[0]!.entries[0]!.files).toEqual(["schema/ext.json"]);
  });
});

describe("a workflow without steps", () => {
  it("is a warning at its steps, not an error, whether the key is absent, null or empty (workflow-without-steps-installs)", () => {
    for (const [text, line] of [["id: mini.flow\n", 1], ["id: mini.flow\nsteps:\n", 2], ["id: mini.flow\nsteps: {}\n", 2]] as const) {
      const r = compileFiles(locked({ ...MINI, [FLOW]: text }));
      expect(r.diagnostics.filter((d) => d.code === "PK225").map((d) => `${d.severity} ${d.file}:${d.line}`)).toEqual([`warning ${FLOW}:${line}`]);
      expect(r.diagnostics.filter((d) => d.file === FLOW && d.severity === "error")).toEqual([]);
    }
  });

  it("is not reported for a workflow with steps (workflow-with-steps)", () => {
    expect(compileFiles(GOOD).diagnostics.filter((d) => d.code === "PK225")).toEqual([]);
  });
});

describe("an empty policy fragment", () => {
  it("is a warning, not an error: whitespace or comments only load as no rule (empty-fragment-skipped)", () => {
    for (const text of ["", "   \n\t\n", "# nothing here yet\n"]) {
      const r = compileFiles(locked({ ...MINI, [POLICY]: text }));
      expect(r.diagnostics.filter((d) => d.code === "PK508").map((d) => d.severity)).toEqual(["warning"]);
      expect(r.diagnostics.filter((d) => d.code === "PK113")).toEqual([]);
      // The pack stays valid; only its own simulation, which expected the fragment's rule, fails.
      expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["PK504"]);
    }
  });

  it("is still an error when it holds a value that is not a mapping (not-empty-fragment-not-a-mapping)", () => {
    for (const text of ["null\n", "- a\n"]) expect(compileFiles({ ...GOOD, [POLICY]: text }).diagnostics.map((d) => d.code)).toContain("PK113");
  });
});

describe("the catalogue", () => {
  it("has a failing fixture for every code", () => {
    const tested = new Set([...cases, ...DOMAIN_CASES, ...PLATFORM_CASES].map((c) => c[1]).concat(COVERED_ELSEWHERE));
    expect(Object.keys(CODES).filter((c) => !tested.has(c))).toEqual([]);
  });
});
