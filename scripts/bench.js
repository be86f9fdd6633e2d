// Benchmark: compiles a synthetic repository of N tenants x M packs in memory and reports the time
// per compile as a ratio to a floor measured in the same run (parsing + hashing the same bytes), so
// figures compare across machines. Every tenant also activates a domain pack (one of --domains
// domains, two versions each) with a tenant pack of its own, and runs one of the repository's
// three MAPLE platform packs.
// Usage: npm run bench [-- --tenants 200 --packs 40 --domains 5]
import { performance } from "node:perf_hooks";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { parseDocument } from "yaml";
import { register } from "tsx/esm/api";

register();
const { compileWorkspace } = await import("../src/pipeline/compile.ts");
const { workspace } = await import("../src/load/workspace.ts");

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const tenants = arg("tenants", 200);
const packs = arg("packs", 40);
const domains = arg("domains", 5);

function domainPack(name, version) {
  const types = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`TYPE_${i}`, { description: `exception ${i}`, severity: ["LOW", "MEDIUM", "HIGH", "CRITICAL"][i % 4] }]));
  const tools = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`tool${i}`, { description: `tool ${i}`, endpoint: `https://api.example.com/t${i}` }]));
  const playbooks = Object.keys(types).map((t, i) => ({ exceptionType: t, steps: [{ action: `tool${i}`, parameters: { id: "{{id}}" } }, { action: `tool${i + 1}`, parameters: { ref: "{{case.ref}}" } }] }));
  return JSON.stringify({ domainName: name, version, exceptionTypes: types, tools, playbooks, guardrails: { allowLists: ["tool0"], blockLists: ["tool7"], humanApprovalThreshold: 0.8 } }, null, 2);
}

function repo() {
  const files = new Map();
  const put = (p, t) => files.set(p, new TextEncoder().encode(t));
  put("packc.yaml", "core:\n  version: 1.0.0\n");
  for (let i = 0; i < packs; i++) {
    const id = `p${i}`;
    const dir = `packs/${id}/1.0.0`;
    put(`${dir}/pack.yaml`, `metadata:\n  id: ${id}\n  version: 1.0.0\ncompatibility:\n  protocolVersion: 1\ntopics:\n  - name: job.${id}.read\n    riskTags: [read]\n  - name: job.${id}.write\n    riskTags: [write]\noverlays:\n  config:\n    - name: pools\n      key: pools\n      path: pools.yaml\n  policy:\n    - name: safety\n      path: policy.yaml\ntests:\n  policySimulations:\n    - name: w\n      request:\n        topic: job.${id}.write\n        riskTags: [write]\n      expectDecision: REQUIRE_APPROVAL\n`);
    put(`${dir}/pools.yaml`, `pools:\n  ${id}:\n    requires: []\ntopics:\n  job.${id}.read: ${id}\n  job.${id}.write: ${id}\n`);
    put(`${dir}/policy.yaml`, `rules:\n  - id: ${id}-w\n    match:\n      topics: [job.${id}.write]\n    decision: require_approval\n  - id: ${id}-r\n    match:\n      topics: [job.${id}.*]\n    decision: allow\n`);
  }
  const platforms = ["mapleverse", "finalverse", "ibank"];
  for (const p of platforms) put(`packs/${p}/1.0.0/platform-pack.toml`, readFileSync(new URL(`../packs/${p}/1.0.0/platform-pack.toml`, import.meta.url), "utf8"));
  for (let d = 0; d < domains; d++) for (const v of ["v1.0", "v1.1"]) put(`packs/Domain${d}/${v}/domain-pack.json`, domainPack(`Domain${d}`, v));
  for (let t = 0; t < tenants; t++) {
    const req = [...Array.from({ length: 8 }, (_, k) => `  p${(t + k * 5) % packs}: "*"`), `  ${platforms[t % 3]}: "*"`];
    const domain = domains ? `domain:\n  name: Domain${t % domains}\n  version: v1.${t % 2}\n  tenantPack: v1.0\n` : "";
    put(`tenants/t${t}/tenant.yaml`, `id: t${t}\nstatus: ACTIVE\npacks:\n${[...new Set(req)].join("\n")}\n${domain}`);
    if (domains) {
      const tools = Array.from({ length: 8 }, (_, i) => `tool${i}`);
      put(`tenants/t${t}/tenant-packs/v1.0.json`, JSON.stringify({ tenantId: `t${t}`, domainName: `Domain${t % domains}`, approvedTools: tools, customSeverityOverrides: [{ exceptionType: "TYPE_0", severity: "high" }], humanApprovalRules: [{ severity: "HIGH", requireApproval: true }], retentionPolicies: { dataTTL: 30 } }, null, 2));
    }
  }
  return files;
}

function floor(files) {
  for (const [p, b] of files) {
    createHash("sha256").update(b).digest();
    parseDocument(new TextDecoder().decode(b), { uniqueKeys: true }).toJS();
  }
}

function time(fn, runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

const { canonicalJson } = await import("../src/util/canonical-json.ts");
const { changeSet } = await import("../src/diff/changes.ts");
const { renderMarkdown } = await import("../src/report/markdown.ts");
/** Writes every tenant's lockfile into `files`, as `packc lock` would. */
const lock = (files) => {
  for (const t of compileWorkspace(workspace({ files, problems: [] }), { mode: "lock" }).tenants) {
    files.set(t.tenant.lockFile, new TextEncoder().encode(canonicalJson(t.lockfile)));
  }
  return files;
};
const files = lock(repo());
// The pull request of the diff benchmark: p0's write rule now allows, so its write topic flips for
// every tenant on p0 (and p0's own simulation fails), and p1's pool gains a requirement.
const headFiles = new Map(files);
headFiles.set("packs/p0/1.0.0/policy.yaml", new TextEncoder().encode(new TextDecoder().decode(files.get("packs/p0/1.0.0/policy.yaml")).replace("decision: require_approval", "decision: allow")));
headFiles.set("packs/p1/1.0.0/pools.yaml", new TextEncoder().encode(new TextDecoder().decode(files.get("packs/p1/1.0.0/pools.yaml")).replace("requires: []", "requires: [gpu]")));
lock(headFiles);
const compile = () => {
  const r = compileWorkspace(workspace({ files, problems: [] }), { mode: "check" });
  if (r.diagnostics.length || r.tenants.some((t) => !t.activeConfig)) throw new Error("benchmark repository does not compile cleanly");
};
compile();
const f = time(() => floor(files), 5);
const c = time(compile, 5);
console.log(`repository: ${packs} packs, 3 platform packs, ${domains * 2} domain pack versions, ${tenants} tenants${domains ? " (each with a tenant pack)" : ""}, ${files.size} files`);
console.log(`floor (parse + hash every file once): ${f.toFixed(1)} ms`);
console.log(`compile (load, validate, resolve, compose, simulate): ${c.toFixed(1)} ms`);
console.log(`ratio compile/floor: ${(c / f).toFixed(2)}`);
const base = compileWorkspace(workspace({ files, problems: [] }), { mode: "check" });
const head = compileWorkspace(workspace({ files: headFiles, problems: [] }), { mode: "check" });
let parts = [];
let cs;
const d = time(() => {
  cs = changeSet(base, head, { base: "base", head: "head" });
  parts = renderMarkdown(cs);
}, 5);
const changed = cs.tenants.filter((t) => t.status !== "unchanged").length;
const flips = cs.tenants.reduce((n, t) => n + t.flips.length, 0);
console.log(`diff (change set + comment, after both compiles): ${d.toFixed(1)} ms; ${changed} tenants changed, ${flips} flips, ${parts.length} comment part(s), largest ${Math.max(...parts.map((p) => p.length))} characters`);
console.log(`ratio diff/floor: ${(d / f).toFixed(2)}; a whole diff run is about two compiles plus this: ${((2 * c + d) / f).toFixed(2)} x floor`);
