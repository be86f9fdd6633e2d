import { Ajv2020 } from "ajv/dist/2020.js";
import { Ajv } from "ajv";
import type { ErrorObject } from "ajv";
import addFormatsModule from "ajv-formats";
import equalModule from "ajv/dist/runtime/equal.js";
import { sha256Hex } from "../util/digest.js";
import { metaSchema2020 } from "./generated/validators.js";

const addFormats = (addFormatsModule as unknown as { default: (a: Ajv | Ajv2020) => void }).default;

const DRAFT7 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;

/** The 2020-12 meta-schema's id: ajv's default meta-schema of a 2020-12 compiler. */
const META_2020 = "https://json-schema.org/draft/2020-12/schema";

/** A validator compiled ahead of time: it sets `errors` as an ajv-compiled one does. */
type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

let meta2020: Validate | undefined;

/**
 * `ajv.validateSchema(schema, true)` of a 2020-12 compiler for a schema whose `$schema` is absent
 * or the 2020-12 meta-schema: the same validation code (generated ahead of time from a compiler
 * with {@link freshCompiler}'s options, `scripts/validators.js`) and the message ajv throws
 * ("schema is invalid: " and its `errorsText()`), without compiling the meta-schema in the
 * process. Returns null when the schema is valid.
 */
function metaProblem2020(schema: Record<string, unknown>): string | null {
  // ajv's runtime module is CommonJS with `exports.default`: Node's import gives the exports
  // object, a bundler may give the function itself.
  meta2020 ??= metaSchema2020({ equal: (equalModule as unknown as { default?: unknown }).default ?? equalModule }) as Validate;
  if (meta2020(schema)) return null;
  return "schema is invalid: " + (meta2020.errors ?? []).map((e) => `data${e.instancePath} ${e.message}`).join(", ");
}

/** The JSON Schema drafts a resource may be written in. */
type Draft = "2020-12" | "draft-07";

/**
 * A compiler is replaced after this many schemas: ajv keeps every compiled function in its code
 * scope, so one instance used for thousands of schemas would only grow.
 */
const RECYCLE_AFTER = 500;

const compilers = new Map<Draft, { ajv: Ajv | Ajv2020; uses: number }>();

/**
 * What ajv checks only while compiling, beyond the meta-schema: references and ids (resolution,
 * collisions, anchors, the unsupported `id`), regular expressions (`pattern`,
 * `patternProperties`), keywords ajv defines that the meta-schema leaves unchecked
 * (`dependencies` in 2020-12, `nullable`, `discriminator`, ajv-formats' `formatMinimum` and
 * kin), and an empty `enum`. Read from ajv's source: with strict mode off, every other
 * compile-time error is a meta-schema violation, which compiling reports first, with the same
 * message. So a schema whose JSON text matches none of these compiles exactly when it is valid
 * against its meta-schema. A property test holds the two paths to the same answers.
 */
const NEEDS_COMPILE = /"\$(?:ref|dynamicRef|recursiveRef|id|anchor|dynamicAnchor|recursiveAnchor|async|data)"|"pattern|"(?:id|nullable|discriminator|dependencies)"|"format(?:Max|Min|Exclusive)|"enum":\[\]/;

/** Each distinct schema's result, by digest of its draft and JSON text: compiled once per run. */
const results = new Map<string, string | null>();

/**
 * A fresh compiler of `draft`: not strict, no logger, ajv-formats, as packc has always compiled
 * resources; and without the optimizing passes over the generated code (`code.optimize: false`),
 * which cost a third of the compile and cannot change whether a schema compiles: packc never
 * runs the validators.
 */
export function freshCompiler(draft: Draft): Ajv | Ajv2020 {
  const options = { strict: false, logger: false, code: { optimize: false } } as const;
  const compiler = draft === "draft-07" ? new Ajv(options) : new Ajv2020(options);
  addFormats(compiler);
  return compiler;
}

/** The draft a schema declares with `$schema`: draft-07 when it says so, else 2020-12. */
export function draftOf(schema: Record<string, unknown>): Draft {
  return typeof schema.$schema === "string" && DRAFT7.test(schema.$schema) ? "draft-07" : "2020-12";
}

/**
 * Checks that a pack's JSON Schema resource compiles (draft 2020-12 by default, draft-07 when
 * its `$schema` says so). Returns the compiler's message, or null when it compiles.
 *
 * The answer is exactly that of a fresh compiler per schema (so `$id`s of different packs never
 * collide), at a fraction of the cost: a new ajv instance compiles the draft's meta-schema and
 * formats first (12–35 ms a schema), so one instance per draft is shared, emptied of every
 * schema but the meta-schemas after each compile (`removeSchema()`), and replaced every 500
 * schemas; each distinct schema (by digest of its JSON text) is checked once per process, since
 * packs repeat schemas across versions; and a schema without the keywords only compiling can
 * check ({@link NEEDS_COMPILE}) is only validated against its meta-schema, which gives the same
 * answer and message at a fraction of the cost (for a 2020-12 schema, by the meta-schema's
 * validator compiled ahead of time, so a process that checks a few schemas compiles none). Callers
 * locate the diagnostic in their own file.
 */
export function schemaProblem(schema: Record<string, unknown>): string | null {
  const draft = draftOf(schema);
  const text = JSON.stringify(schema);
  const key = sha256Hex(`${draft}\0${text}`);
  const known = results.get(key);
  if (known !== undefined) return known;
  if (draft === "2020-12" && !NEEDS_COMPILE.test(text) && (schema.$schema === undefined || schema.$schema === META_2020)) {
    const problem = metaProblem2020(schema);
    results.set(key, problem);
    return problem;
  }
  let c = compilers.get(draft);
  if (!c || c.uses >= RECYCLE_AFTER) {
    c = { ajv: freshCompiler(draft), uses: 0 };
    compilers.set(draft, c);
  }
  c.uses++;
  let problem: string | null = null;
  try {
    if (NEEDS_COMPILE.test(text)) c.ajv.compile(schema);
    else c.ajv.validateSchema(schema, true);
  } catch (e) {
    problem = e instanceof Error ? e.message : String(e);
  } finally {
    c.ajv.removeSchema();
  }
  results.set(key, problem);
  return problem;
}
