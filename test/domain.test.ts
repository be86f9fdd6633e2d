import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { stringify } from "yaml";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { placeholderProblem, stepToolRef } from "../src/dialects/domain/playbooks.js";
import type { PlaybookStep } from "../src/model/domain.js";
import { compareDomainVersions } from "../src/dialects/domain/version.js";
import { registryEntries } from "../src/registry/status.js";
import { snakeCase } from "../src/validate/aliases.js";
import { DOMAIN, DOMAIN_PACK, SHOP_PACK, SHOP_TENANT_PACK, TENANT, TENANT_PACK } from "./fixtures/domain.js";
import { edit, locked } from "./fixtures/edit.js";
import { compileFiles, ownRepo, ROOT, withCode, type Files } from "./helpers.js";

const json = (v: unknown) => JSON.stringify(v, null, 2) + "\n";
const activeDomain = (files: Files) => {
  const r = compileFiles(files);
  expect(r.diagnostics.filter((d) => d.severity === "error"), JSON.stringify(r.diagnostics, null, 1)).toEqual([]);
  return r.tenants.find((t) => t.tenant.id === "t1")!.activeConfig!.domain as Record<string, any>;
};

describe("the effective domain config (active-config.json domain)", () => {
  const d = activeDomain(DOMAIN);

  it("applies the tenant's severity override, else an unconditional rule for the type, else the guide's type severity, and says which", () => {
    expect(d.exceptionTypes.OrderStuck).toMatchObject({ severity: "LOW", severitySource: "tenant" });
    const rules = [
      { condition: "exceptionType == 'PaymentFailed'", severity: "medium" },
      { condition: 'exceptionType=="PaymentFailed"', severity: "HIGH" },
      { condition: "exceptionType == 'PaymentFailed' && amount > 5", severity: "CRITICAL" },
    ];
    const withRules = locked({ ...DOMAIN, [DOMAIN_PACK]: json({ ...SHOP_PACK, severityRules: rules }) });
    // The highest unconditional rule; one that reads the payload is the runtime's to evaluate.
    expect(activeDomain(withRules).exceptionTypes.PaymentFailed).toMatchObject({ severity: "HIGH", severitySource: "rule" });
    const guideStyle = locked({ ...DOMAIN, [DOMAIN_PACK]: json({ ...SHOP_PACK, exceptionTypes: { ...SHOP_PACK.exceptionTypes, PaymentFailed: { description: "x", severity: "low" } } }) });
    expect(activeDomain(guideStyle).exceptionTypes.PaymentFailed).toMatchObject({ severity: "LOW", severitySource: "domain" });
  });

  it("infers a severity from the name as the runtime does when neither is given", () => {
    const files = locked({ ...DOMAIN, [TENANT_PACK]: json({ ...SHOP_TENANT_PACK, customSeverityOverrides: [] }), [DOMAIN_PACK]: json({ ...SHOP_PACK, exceptionTypes: { ...SHOP_PACK.exceptionTypes, PaymentFailed: { description: "x" } } }) });
    const e = activeDomain(files).exceptionTypes;
    expect(e.PaymentFailed).toMatchObject({ severity: "HIGH", severitySource: "name" }); // contains FAIL
    expect(e.OrderStuck).toMatchObject({ severity: "MEDIUM", severitySource: "name" });
  });

  it("keeps only approved tools and applies tool overrides", () => {
    expect(Object.keys(d.tools).sort()).toEqual(["lookupOrder", "refundPayment"]);
    expect(d.tools.lookupOrder).toMatchObject({ timeoutSeconds: 10, maxRetries: 3 });
    expect(d.tools.refundPayment).toMatchObject({ timeoutSeconds: null, version: "1.0.0" });
  });

  it("appends the tenant's custom playbooks to the domain's", () => {
    expect(d.playbooks.map((p: { exceptionType: string; source: string }) => `${p.source}:${p.exceptionType}`)).toEqual(["domain:PaymentFailed", "domain:OrderStuck", "tenant:OrderStuck"]);
  });

  it("replaces the domain guardrails wholesale with the tenant's", () => {
    expect(d.guardrails).toEqual({ allowLists: ["lookupOrder"], blockLists: ["cancelOrder"], humanApprovalThreshold: 0.9, source: "tenant" });
    const noCustom = activeDomain(locked({ ...DOMAIN, [TENANT_PACK]: json({ ...SHOP_TENANT_PACK, customGuardrails: null }) }));
    expect(noCustom.guardrails).toEqual({ ...SHOP_PACK.guardrails, source: "domain" });
  });

  it("always requires approval for CRITICAL, and for severities a rule names", () => {
    expect(d.approval).toEqual({ humanApprovalThreshold: 0.9, bySeverity: { LOW: false, MEDIUM: false, HIGH: true, CRITICAL: true } });
  });

  it("carries the retention policy in days", () => {
    expect(d.retention).toEqual({ dataTTL: 90 });
  });
});

describe("key spellings", () => {
  const camel = new Set(["domainName", "exceptionTypes", "severityRules", "detectionRules", "humanApprovalThreshold", "allowLists", "blockLists", "tenantId", "approvedTools", "customSeverityOverrides", "customGuardrails", "humanApprovalRules", "requireApproval", "retentionPolicies", "dataTTL", "customPlaybooks", "toolOverrides", "toolName", "timeoutSeconds", "exceptionType", "stepId"]);
  const snake = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(snake) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [camel.has(k) ? snakeCase(k) : k, snake(x)])) : v;

  it("accepts every snake_case spelling and compiles the same effective config", () => {
    const files = locked({ ...DOMAIN, [DOMAIN_PACK]: json(snake(SHOP_PACK)), [TENANT_PACK]: json(snake(SHOP_TENANT_PACK)) });
    expect(files[TENANT_PACK]).toContain('"data_ttl": 90');
    expect(files[DOMAIN_PACK]).toContain('"human_approval_threshold"');
    const { integrity: _a, tenantPack: _b, ...snakeConfig } = activeDomain(files);
    const { integrity: _c, tenantPack: _d, ...camelConfig } = activeDomain(DOMAIN);
    expect(snakeConfig).toEqual(camelConfig);
  });

  it("never renames keys of free maps such as step parameters", () => {
    const pack = { ...SHOP_PACK, playbooks: [{ exceptionType: "PaymentFailed", steps: [{ action: "refundPayment", parameters: { payment_id: "{{paymentId}}" } }] }] };
    expect(activeDomain(locked({ ...DOMAIN, [DOMAIN_PACK]: json(pack) })).playbooks[0].steps[0].parameters).toEqual({ payment_id: "{{paymentId}}" });
  });

  it("reports an unknown key as an error with the nearest allowed key, at its line", () => {
    const r = compileFiles(edit(DOMAIN, TENANT_PACK, '"approvedTools"', '"aprovedTools"'));
    expect(withCode(r, "PK111")).toEqual([expect.objectContaining({ file: TENANT_PACK, line: 4, hint: 'did you mean "approvedTools"?' })]);
  });

  it("points a schema error inside a snake_case key at the line the user wrote", () => {
    const files = { ...DOMAIN, [TENANT_PACK]: json(snake({ ...SHOP_TENANT_PACK, retentionPolicies: { dataTTL: 0 } })) };
    const [d] = withCode(compileFiles(files), "PK110");
    expect(d).toMatchObject({ file: TENANT_PACK, pointer: "/retention_policies/data_ttl" });
    expect(files[TENANT_PACK]!.split("\n")[d!.line - 1]).toContain('"data_ttl": 0');
  });
});

describe("file formats", () => {
  it("reads a domain pack and a tenant pack written in YAML like their JSON", () => {
    const { [DOMAIN_PACK]: pack, [TENANT_PACK]: tenantPack, ...rest } = DOMAIN;
    const files = locked({ ...rest, "packs/Shop/v1.0/domain-pack.yaml": stringify(JSON.parse(pack!)), "tenants/t1/tenant-packs/v1.0.yaml": stringify(JSON.parse(tenantPack!)) });
    const { integrity: _a, tenantPack: _b, ...yamlConfig } = activeDomain(files);
    const { integrity: _c, tenantPack: _d, ...jsonConfig } = activeDomain(DOMAIN);
    expect(yamlConfig).toEqual(jsonConfig);
  });

  it("rejects a tenant pack version given twice, as .json and .yaml", () => {
    const r = compileFiles({ ...DOMAIN, "tenants/t1/tenant-packs/v1.0.yaml": stringify(SHOP_TENANT_PACK) });
    expect(withCode(r, "PK252")).toEqual([expect.objectContaining({ file: "tenants/t1/tenant-packs/v1.0.yaml" })]);
  });
});

describe("versions", () => {
  it("order by their numbers, so v10.0 is newer than v2.0", () => {
    expect(compareDomainVersions("v10.0", "v2.0")).toBeGreaterThan(0);
    expect(compareDomainVersions("v1.10", "v1.9")).toBeGreaterThan(0);
    expect(["v2.0", "v10.0", "v1.1", "v1.0"].sort(compareDomainVersions)).toEqual(["v1.0", "v1.1", "v2.0", "v10.0"]);
  });

  it("compare exactly as their (major, minor) pairs do", () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), fc.nat(1000), fc.nat(1000), (a, b, c, d) => {
        const want = Math.sign(a - c || b - d);
        expect(Math.sign(compareDomainVersions(`v${a}.${b}`, `v${c}.${d}`))).toBe(want);
      }),
    );
  });

  it("are listed newest first in the registry", () => {
    const files = locked({ ...DOMAIN, "packs/Shop/v10.0/domain-pack.json": json(SHOP_PACK), "packs/Shop/v2.0/domain-pack.json": json(SHOP_PACK) });
    const r = compileFiles(files);
    const rows = registryEntries({ packs: r.packs, tenantPacks: r.tenantPacks, tenants: r.tenants.map((t) => t.tenant), lifecycle: r.lifecycle });
    expect(rows.filter((x) => x.id === "Shop").map((x) => `${x.version} ${x.status}`)).toEqual(["v10.0 DRAFT", "v2.0 DRAFT", "v1.0 ACTIVE", "v0.9 DEPRECATED"]);
  });
});

describe("placeholders", () => {
  it.each([
    ["{{paymentId}}", null],
    ["Refund {{ payment.id }} now", null],
    ["no placeholders at all", null],
    ["{{paymentId", "unterminated"],
    ["{{}}", "empty"],
    ["{{payment id}}", "not a name"],
    ["paymentId}}", "without"],
    ["{{a}} and {{b", "unterminated"],
  ])("%s", (text, problem) => {
    const got = placeholderProblem(text);
    if (problem === null) expect(got).toBeNull();
    else expect(got).toContain(problem);
  });
});

describe("numbers written as strings", () => {
  it("are read as the numbers, with a warning, as pydantic's lax mode reads them (lax-number-accepted)", () => {
    const files = locked(edit(edit(DOMAIN, TENANT_PACK, '"dataTTL": 90', '"dataTTL": "90"'), DOMAIN_PACK, '"timeoutSeconds": 5', '"timeoutSeconds": " 2.5 "'));
    const r = compileFiles(files);
    expect(r.diagnostics.map((d) => `${d.code} ${d.severity} ${d.file.split("/").pop()}`)).toEqual(["PK281 warning domain-pack.json", "PK281 warning v1.0.json"]);
    expect(r.diagnostics[0]!.hint).toBe("write the number without quotes: 2.5");
    const shop = r.packs.find((p) => p.id === "Shop" && p.version === "v1.0")!.domain!;
    expect(shop.tools["lookupOrder"]!.timeoutSeconds).toBe(2.5);
    expect(r.tenantPacks[0]!.content.retentionPolicies).toEqual({ dataTTL: 90 });
  });

  it("are still errors when they are not numbers, or not the integer the field wants (lax-number-rejected)", () => {
    for (const [from, to] of [['"dataTTL": 90', '"dataTTL": "ninety"'], ['"dataTTL": 90', '"dataTTL": "90.5"'], ['"dataTTL": 90', '"dataTTL": "1e2"']]) {
      const r = compileFiles(locked(edit(DOMAIN, TENANT_PACK, from!, to!)));
      expect(r.diagnostics.map((d) => `${d.code} ${d.severity}`)).toEqual(["PK110 error"]);
    }
  });
});

describe("the tool a step calls, read as the exception platform reads it", () => {
  it.each([
    // (c) an action without "(" or a space is the tool itself, whatever its characters.
    [{ action: "refundPayment", parameters: null }, "domain", "refundPayment"],
    [{ action: "refund-payment!", parameters: null }, "domain", "refund-payment!"],
    // (b) parameters tool, toolName, tool_name, action, method, in that order, before (c).
    [{ action: "Refund the customer", parameters: { tool: "refundPayment" } }, "domain", "refundPayment"],
    [{ action: "refundPayment", parameters: { toolName: "issueCredit" } }, "domain", "issueCredit"],
    [{ action: "Post it", parameters: { method: "POST", tool_name: "postLedger" } }, "domain", "postLedger"],
    [{ action: "Call the desk", parameters: { method: "POST" } }, "domain", "POST"],
    [{ action: "Send", parameters: { action: "" } }, "domain", null],
    // (a) "tool" or "invoke" (a tenant's playbooks: also "call") take the first quoted name.
    [{ action: "Invoke the 'refundPayment' tool", parameters: null }, "domain", "refundPayment"],
    [{ action: "call 'notifyDesk' now", parameters: null }, "domain", null],
    [{ action: "call 'notifyDesk' now", parameters: null }, "tenant", "notifyDesk"],
    [{ action: "useTool(\"lookup\")", parameters: { tool: "other" } }, "domain", "lookup"],
    // (d) free text names nothing.
    [{ action: "Notify trader and middle office", parameters: null }, "domain", null],
    [{ action: "notify(desk)", parameters: null }, "domain", null],
  ] as const)("%j (%s) → %s", (step, reader, tool) => {
    expect(stepToolRef(step as PlaybookStep, reader)?.tool ?? null).toBe(tool);
  });

  it("reports a parameters.method the platform reads as a tool as an error that says why (method-read-as-tool)", () => {
    const pack = structuredClone(SHOP_PACK) as unknown as { playbooks: { steps: Record<string, unknown>[] }[] };
    pack.playbooks[0]!.steps[0] = { action: "Notify the desk", parameters: { method: "POST" } };
    const r = compileFiles(locked({ ...DOMAIN, [DOMAIN_PACK]: JSON.stringify(pack, null, 2) }));
    const hit = r.diagnostics.find((d) => d.code === "PK265")!;
    expect(hit).toMatchObject({ severity: "error", message: 'step calls unknown tool "POST"' });
    expect(hit.hint).toContain("reads parameters.method as the step's tool name");
  });
});

describe("lockfiles pin the domain pack and the tenant pack", () => {
  it("writes both with integrity digests", () => {
    const lock = JSON.parse(DOMAIN["tenants/t1/packs.lock.json"]!);
    expect(lock.core).toBeNull();
    expect(lock.packs).toEqual([expect.objectContaining({ id: "Shop", version: "v1.0", dialect: "domain", integrity: expect.stringMatching(/^sha256-/) })]);
    expect(lock.tenantPack).toEqual({ domain: "Shop", version: "v1.0", integrity: expect.stringMatching(/^sha256-/) });
  });

  it("reports a changed tenant pack as an integrity mismatch at the lockfile's digest", () => {
    const r = compileFiles(edit(DOMAIN, TENANT_PACK, '"dataTTL": 90', '"dataTTL": 30'));
    expect(withCode(r, "PK308")).toEqual([expect.objectContaining({ file: "tenants/t1/packs.lock.json", pointer: "/tenantPack/integrity" })]);
  });

  it("reports a lockfile stale after the activation moved to another version", () => {
    const files = { ...DOMAIN, "packs/Shop/v1.1/domain-pack.json": json(SHOP_PACK) };
    const r = compileFiles(edit(files, TENANT, "version: v1.0", "version: v1.1"));
    expect(withCode(r, "PK307")).toEqual([expect.objectContaining({ pointer: "/packs/0/version" })]);
    expect(compileFiles(locked(edit(files, TENANT, "version: v1.0", "version: v1.1"))).diagnostics).toEqual([]);
  });

  it("tells a tenant that requests a domain pack under packs: to activate it instead", () => {
    const r = compileFiles({ ...DOMAIN, "packc.yaml": "core:\n  version: 1.0.0\n", [TENANT]: DOMAIN[TENANT] + "packs:\n  Shop: ^1.0.0\n" });
    expect(withCode(r, "PK305")[0]?.hint).toContain("activate it under domain:");
  });
});

describe("lifecycle", () => {
  it("marks versions DRAFT, ACTIVE or DEPRECATED from activations and lifecycle files", () => {
    const files = { ...DOMAIN, "tenants/t1/tenant-packs/v1.1.json": json(SHOP_TENANT_PACK), "tenants/t1/tenant-packs/lifecycle.yaml": "deprecated:\n  v1.1: never used\n", "tenants/t1/tenant-packs/v1.2.json": json(SHOP_TENANT_PACK) };
    const r = compileFiles(files);
    expect(r.diagnostics).toEqual([]);
    const rows = registryEntries({ packs: r.packs, tenantPacks: r.tenantPacks, tenants: r.tenants.map((t) => t.tenant), lifecycle: r.lifecycle });
    expect(rows.map((x) => `${x.kind} ${x.id} ${x.version} ${x.status}`)).toEqual([
      "pack Shop v1.0 ACTIVE",
      "pack Shop v0.9 DEPRECATED",
      "tenant-pack t1 v1.2 DRAFT",
      "tenant-pack t1 v1.1 DEPRECATED",
      "tenant-pack t1 v1.0 ACTIVE",
    ]);
    expect(rows[1]).toMatchObject({ deprecation: "refunds were manual", activatedBy: [] });
  });
});

describe("the guide's Finance example (seed 000)", () => {
  const seed = join(ROOT, "../shared/seeds/000_64e7e4435395dfd3.txt");
  const finance = () => Object.fromEntries(Object.entries(ownRepo()).filter(([p]) => p.startsWith("packs/Finance/") || p.startsWith("tenants/TENANT_FINANCE_001/") || p === "packc.yaml" || p.startsWith("config/")));
  const guide = () => [...readFileSync(seed, "utf8").matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as Record<string, any>);

  it.runIf(existsSync(seed))("is in the repository as the platform imports it: the guide's own text, without the three keys its import rejects (guide-example-importable)", () => {
    const [domain, tenant] = guide();
    const { version: _version, ...rest } = domain!;
    const expected = structuredClone(rest);
    const severities: { condition: string; severity: string }[] = [];
    for (const [name, t] of Object.entries(expected.exceptionTypes as Record<string, Record<string, unknown>>)) {
      if (typeof t.severity === "string") severities.push({ condition: `exceptionType == '${name}'`, severity: t.severity.toUpperCase() });
      delete t.severity;
    }
    for (const t of Object.values(expected.tools as Record<string, Record<string, unknown>>)) delete t.name;
    expected.severityRules = [...severities, ...((expected.severityRules as unknown[]) ?? [])];
    expect(JSON.parse(readFileSync(join(ROOT, "packs/Finance/v1.0/domain-pack.json"), "utf8"))).toEqual(expected);
    expect(JSON.parse(readFileSync(join(ROOT, "tenants/TENANT_FINANCE_001/tenant-packs/v1.0.json"), "utf8"))).toEqual(tenant);
  });

  it.runIf(existsSync(seed))("compiles as the guide writes it, warning at each key the platform's import rejects (guide-extra-keys)", () => {
    const files = { ...finance(), "packs/Finance/v1.0/domain-pack.json": JSON.stringify(guide()[0], null, 2) };
    const r = compileFiles(locked(files));
    expect(r.diagnostics.map((d) => `${d.code} ${d.severity} ${d.pointer}`)).toEqual(["PK282 warning /version", "PK282 warning /exceptionTypes/PaymentFailed/severity", "PK282 warning /tools/refundPayment/name"]);
    const d = r.tenants[0]!.activeConfig!.domain as Record<string, any>;
    expect(d.exceptionTypes.PaymentFailed).toMatchObject({ severity: "HIGH", severitySource: "domain" });
  });

  it("compiles in the repository with no diagnostics, its severity from its unconditional rule (guide-example-rule-severity)", () => {
    const r = compileFiles(finance());
    expect(r.diagnostics).toEqual([]);
    const d = r.tenants[0]!.activeConfig!.domain as Record<string, any>;
    expect(d).toMatchObject({ name: "Finance", version: "v1.0", tools: { refundPayment: expect.anything() } });
    expect(d.exceptionTypes.PaymentFailed).toMatchObject({ severity: "HIGH", severitySource: "rule" });
  });
});
