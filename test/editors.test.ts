import { describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import picomatch from "picomatch";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";
import { ASSOCIATIONS, EDITOR_DIR, editorSchemaFiles, LAX, snakeCase as editorSnakeCase, vscodeSettings } from "../scripts/editor-schemas.js";
import { benchRepo, SIZES } from "../scripts/bench-repo.js";
import { LAX_INTEGER, LAX_NUMBER, snakeCase } from "../src/validate/aliases.js";
import { canonicalJson } from "../src/util/canonical-json.js";
import { DOMAIN, SHOP_PACK, SHOP_TENANT_PACK } from "./fixtures/domain.js";
import { edit, locked } from "./fixtures/edit.js";
import { compileFiles, ownRepo, readFiles, ROOT, type Files } from "./helpers.js";

// An editor given packc's schemas the way docs/editors.md says (schemas/editor/, by the globs
// of its VS Code settings) must show no error where packc shows none: every file packc reports
// no error in, in every test repository, validates against the schema the editor would pick.

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
// Each schema is known by its file's URL, as an editor knows it, so relative references find their siblings.
const urlOf = (file: string) => pathToFileURL(join(ROOT, EDITOR_DIR, file)).href;
for (const [file, text] of editorSchemaFiles(ROOT)) ajv.addSchema({ ...(JSON.parse(text) as object), $id: urlOf(file) });
const schemas = new Map(Object.keys(ASSOCIATIONS).map((name) => [name, ajv.getSchema(urlOf(`${name}.schema.json`))!]));
const matchers = Object.entries(ASSOCIATIONS).map(([name, globs]) => [name, picomatch(globs, { dot: true })] as const);

/** The schema an editor picks for `path` (repository-relative), if any. */
const schemaFor = (path: string) => matchers.find(([, match]) => match(path))?.[0];
/** Each file an editor would check, with the problems the editor schema finds in it. */
function editorProblems(files: Files, skip: ReadonlySet<string> = new Set()): { checked: Map<string, number>; problems: string[] } {
  const checked = new Map<string, number>();
  const problems: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    const name = schemaFor(path);
    if (!name || skip.has(path)) continue;
    checked.set(name, (checked.get(name) ?? 0) + 1);
    const validate = schemas.get(name)!;
    if (!validate(path.endsWith(".json") ? JSON.parse(text) : parse(text))) problems.push(`${path} (${name}): ${ajv.errorsText(validate.errors)}`);
  }
  return { checked, problems };
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + "\n";
/** Every camelCase key that packc's domain schemas declare, written in snake_case (free maps keep theirs). */
const CAMEL = new Set(["domainName", "exceptionTypes", "severityRules", "detectionRules", "humanApprovalThreshold", "allowLists", "blockLists", "tenantId", "approvedTools", "customSeverityOverrides", "customGuardrails", "humanApprovalRules", "requireApproval", "retentionPolicies", "dataTTL", "customPlaybooks", "toolOverrides", "toolName", "timeoutSeconds", "exceptionType", "stepId"]);
const snake = (v: unknown): unknown => (Array.isArray(v) ? v.map(snake) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [CAMEL.has(k) ? snakeCase(k) : k, snake(x)])) : v);

/** Repositories packc reads: its own, the test repositories, the benchmark's small one, and the domain fixtures in snake_case and with numbers written as strings. */
function accepted(): [string, Files][] {
  const bench = benchRepo(SIZES.small);
  const repos: [string, Files][] = [
    ["the repository's own packs", ownRepo()],
    ...readdirSync(join(ROOT, "test/repos")).map((d) => [`test/repos/${d}`, readFiles(join(ROOT, "test/repos", d))] as [string, Files]),
    ["the benchmark's small repository", locked(Object.fromEntries(bench))],
    ["a domain repository", DOMAIN],
    ["a domain repository in snake_case", locked({ ...DOMAIN, "packs/Shop/v1.0/domain-pack.json": json(snake(SHOP_PACK)), "tenants/t1/tenant-packs/v1.0.json": json(snake(SHOP_TENANT_PACK)) })],
    ["a domain repository with numbers written as strings", locked(edit(edit(DOMAIN, "tenants/t1/tenant-packs/v1.0.json", '"dataTTL": 90', '"dataTTL": "90"'), "packs/Shop/v1.0/domain-pack.json", '"timeoutSeconds": 5', '"timeoutSeconds": " 2.5 "'))],
  ];
  return repos;
}

describe("the editor schemas (schemas/editor)", () => {
  const repos = accepted();
  const seen = new Map<string, number>();

  it.each(repos.map(([name, files]) => [name, files] as const))("show no error in a file of %s that packc shows none in", (_name, files) => {
    // A test repository may hold files with errors on purpose: those are left out.
    const withErrors = new Set(compileFiles(files).diagnostics.filter((d) => d.severity === "error").map((d) => d.file));
    const { checked, problems } = editorProblems(files, withErrors);
    expect(problems).toEqual([]);
    for (const [k, n] of checked) seen.set(k, (seen.get(k) ?? 0) + n);
  });

  it("were tried on files of every kind they are associated with", () => {
    // platform-pack.json/.yaml: the repositories' platform packs are TOML, which the schema is shown on through the VS Code TOML extension's own setting.
    expect([...seen.keys()].sort()).toEqual(Object.keys(ASSOCIATIONS).filter((k) => k !== "platform-pack").sort());
  });

  it("still show what packc reports as an error, and packc's own schemas would show errors in snake_case", () => {
    const problems = (files: Files) => editorProblems(files).problems;
    expect(problems({ "tenants/t1/tenant.yaml": "id: t1\nstatus: SLEEPING\n" })).toHaveLength(1);
    expect(problems({ "packc.yaml": "core:\n  version: 1.0.0\ncolour: blue\n" })).toHaveLength(1);
    expect(problems({ "tenants/t1/tenant-packs/v1.0.json": json({ ...SHOP_TENANT_PACK, retentionPolicies: { dataTTL: "ninety" } }) })).toHaveLength(1);
    expect(problems({ "packs/Shop/v1.0/domain-pack.json": json({ ...SHOP_PACK, domainName: undefined }) })).toHaveLength(1);
    const strict = ajv.compile(JSON.parse(readFileSync(join(ROOT, "schemas/domain-pack.schema.json"), "utf8")) as object);
    expect(strict(snake(SHOP_PACK))).toBe(false);
    // Unknown keys in a Cordum pack manifest: packc warns (PK116), so the editor schema allows them.
    expect(problems({ "packs/p/1.0.0/pack.yaml": readFileSync(join(ROOT, "packs/ticket-triage/1.0.0/pack.yaml"), "utf8") + "futureField: true\n" })).toEqual([]);
  });

  it("read snake_case and lax numbers exactly as packc does (the build script repeats src/validate/aliases.ts in JavaScript)", () => {
    expect(LAX).toEqual({ integer: LAX_INTEGER.source, number: LAX_NUMBER.source });
    const names = new Set<string>();
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) { if (k === "properties" && x && typeof x === "object") Object.keys(x).forEach((n) => names.add(n)); collect(x); }
    };
    for (const f of readdirSync(join(ROOT, "schemas")).filter((f) => f.endsWith(".schema.json"))) collect(JSON.parse(readFileSync(join(ROOT, "schemas", f), "utf8")));
    expect(names.size).toBeGreaterThan(100);
    for (const n of [...names, "dataTTL", "HTTPServer", "a1B"]) expect(editorSnakeCase(n), n).toBe(snakeCase(n));
  });

  it("are what the build writes from packc's schemas (run `npm run build` if this fails)", () => {
    for (const [file, text] of editorSchemaFiles(ROOT)) expect(text === readFileSync(join(ROOT, EDITOR_DIR, file), "utf8"), file).toBe(true);
  });

  it("are the ones docs/editors.md's VS Code settings name, by the same globs", () => {
    const doc = readFileSync(join(ROOT, "docs/editors.md"), "utf8");
    const block = /```json\n([\s\S]*?)\n```/.exec(doc)![1]!;
    expect(canonicalJson(JSON.parse(block))).toBe(canonicalJson(vscodeSettings()));
    for (const name of Object.keys(ASSOCIATIONS)) expect(doc).toContain(`schemas/editor/${name}.schema.json`);
  });
});
