import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { fullFormats } from "ajv-formats/dist/formats.js";
import ucs2lengthModule from "ajv/dist/runtime/ucs2length.js";
import { validators } from "./generated/validators.js";
import activeConfig from "../../schemas/active-config.schema.json" with { type: "json" };
import cordumPack from "../../schemas/cordum-pack.schema.json" with { type: "json" };
import cordumWorkflow from "../../schemas/cordum-workflow.schema.json" with { type: "json" };
import domainPack from "../../schemas/domain-pack.schema.json" with { type: "json" };
import lifecycle from "../../schemas/lifecycle.schema.json" with { type: "json" };
import lockfile from "../../schemas/lockfile.schema.json" with { type: "json" };
import packc from "../../schemas/packc.schema.json" with { type: "json" };
import platformPack from "../../schemas/platform-pack.schema.json" with { type: "json" };
import pools from "../../schemas/pools.schema.json" with { type: "json" };
import portariumAssets from "../../schemas/portarium-assets.schema.json" with { type: "json" };
import portariumManifest from "../../schemas/portarium-manifest.schema.json" with { type: "json" };
import safetyPolicy from "../../schemas/safety-policy.schema.json" with { type: "json" };
import systemConfig from "../../schemas/system-config.schema.json" with { type: "json" };
import tenantPack from "../../schemas/tenant-pack.schema.json" with { type: "json" };
import tenant from "../../schemas/tenant.schema.json" with { type: "json" };
import timeouts from "../../schemas/timeouts.schema.json" with { type: "json" };
import type { Code } from "../diagnostics/codes.js";
import { makeDiagnostic, type Diagnostic } from "../diagnostics/types.js";
import type { SourceDoc } from "../load/source-doc.js";
import { escapeToken } from "../util/json-pointer.js";
import { nearest } from "../util/suggest.js";

/** Every schema packc ships, by short name (the file name without `.schema.json`). */
const SCHEMAS = {
  "active-config": activeConfig,
  "cordum-pack": cordumPack,
  "cordum-workflow": cordumWorkflow,
  "domain-pack": domainPack,
  lifecycle,
  lockfile,
  packc,
  "platform-pack": platformPack,
  pools,
  "portarium-assets": portariumAssets,
  "portarium-manifest": portariumManifest,
  "safety-policy": safetyPolicy,
  "system-config": systemConfig,
  tenant,
  "tenant-pack": tenantPack,
  timeouts,
} as const;

/** A schema's JSON text as shipped, by name (for walkers that need the schema itself). */
export function schemaJson(name: keyof typeof SCHEMAS): Record<string, unknown> {
  return SCHEMAS[name] as Record<string, unknown>;
}

/** Names of the shipped schemas. */
export type SchemaName = keyof typeof SCHEMAS;

/** A schema name, or `name#/$defs/x` for a definition inside one. */
export type SchemaRef = keyof typeof SCHEMAS | `${keyof typeof SCHEMAS}#/$defs/${string}`;

const BASE = "https://packc.dev/schemas/";
let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/**
 * The compiler of packc's own schemas. It does not check them against the 2020-12 meta-schema
 * (`validateSchema: false`): they ship with packc, a test checks them once, and compiling the
 * meta-schema cost every run about 0.15 s, a quarter of a small repository's check.
 */
function instance(): Ajv2020 {
  if (ajv) return ajv;
  ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true, strictTuples: "log", validateSchema: false });
  (addFormatsModule as unknown as { default: (a: Ajv2020) => void }).default(ajv);
  for (const schema of Object.values(SCHEMAS)) ajv.addSchema(schema);
  return ajv;
}

let ahead: Record<string, ValidateFunction> | undefined;

/**
 * The compiled validator for a schema reference: compiled ahead of time by `npm run build`
 * (`scripts/validators.js`, the same options as {@link instance}), else compiled once per
 * process (the active-config schema, which only tests validate against).
 */
export function validator(ref: SchemaRef): ValidateFunction {
  // ajv's runtime module is CommonJS with `exports.default`: Node's import gives the exports
  // object, a bundler may give the function itself.
  ahead ??= validators({ fullFormats, ucs2length: (ucs2lengthModule as unknown as { default?: unknown }).default ?? ucs2lengthModule });
  let fn = compiled.get(ref) ?? ahead[ref];
  if (!fn) {
    const [name, frag] = ref.split("#");
    const id = `${BASE}${name}.schema.json${frag ? "#" + frag : ""}`;
    fn = instance().getSchema(id);
    if (!fn) throw new Error(`packc bug: no schema ${id}`);
    compiled.set(ref, fn);
  }
  return fn;
}

/** Options for {@link validateDoc}. */
export interface ValidateOptions {
  /** Pointer of the sub-value to validate (default: the whole document). */
  at?: string;
  /** The runtime ignores unknown keys: report them as PK116 warnings instead of PK111 errors. */
  lenient?: boolean;
}

/**
 * Validates a document (or a sub-value) against a packc schema and returns positioned
 * diagnostics: PK111/PK116 for unknown keys (at the key, with the nearest allowed key as a
 * hint), PK112 for missing required keys (at the enclosing mapping), PK110 for the rest.
 * Branch errors under a failed `oneOf`/`anyOf` are folded into the one error for it.
 */
export function validateDoc(ref: SchemaRef, doc: SourceDoc, options: ValidateOptions = {}): Diagnostic[] {
  const at = options.at ?? "";
  let value: unknown = doc.value;
  for (const t of at.split("/").slice(1)) value = (value as Record<string, unknown>)?.[t.replace(/~1/g, "/").replace(/~0/g, "~")];
  const fn = validator(ref);
  if (fn(value)) return [];
  return foldBranches(fn.errors ?? []).map((e) => toDiagnostic(e, doc, at, options.lenient ?? false));
}

function foldBranches(errors: ErrorObject[]): ErrorObject[] {
  const branchRoots = errors.filter((e) => e.keyword === "oneOf" || e.keyword === "anyOf").map((e) => e.schemaPath + "/");
  return errors.filter((e) => e.keyword !== "if" && !branchRoots.some((root) => e.schemaPath.startsWith(root)));
}

function toDiagnostic(e: ErrorObject, doc: SourceDoc, base: string, lenient: boolean): Diagnostic {
  const path = base + e.instancePath;
  const extra = (e.params as { additionalProperty?: string; unevaluatedProperty?: string }).additionalProperty ??
    (e.params as { unevaluatedProperty?: string }).unevaluatedProperty;
  if (extra !== undefined) {
    const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    const guess = nearest(extra, known);
    const code: Code = lenient ? "PK116" : "PK111";
    const message = lenient ? `unknown key "${extra}" is ignored by the runtime` : `unknown key "${extra}"`;
    const hint = guess ? `did you mean "${guess}"?` : known.length ? `allowed keys: ${known.join(", ")}` : "remove the key";
    return makeDiagnostic(code, doc.locate(`${path}/${escapeToken(extra)}`, "key"), message, hint);
  }
  if (e.keyword === "required") {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    return makeDiagnostic("PK112", doc.locate(path, "value"), `missing required key "${missing}"${path ? ` in ${path}` : ""}`, `add "${missing}"`);
  }
  const where = path === "" ? "document" : path;
  const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
  const hint = allowed ? `allowed: ${allowed.map((v) => JSON.stringify(v)).join(", ")}` : undefined;
  return makeDiagnostic("PK110", doc.locate(path, "value"), `${where} ${e.message ?? "is invalid"}`, hint);
}

/** Validates a plain value (no source positions) and returns ajv's messages; for output self-checks. */
export function validateValue(ref: SchemaRef, value: unknown): string[] {
  const fn = validator(ref);
  if (fn(value)) return [];
  return (fn.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "invalid"}`);
}
