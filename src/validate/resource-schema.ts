import { Ajv2020 } from "ajv/dist/2020.js";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { sha256Hex } from "../util/digest.js";

const addFormats = (addFormatsModule as unknown as { default: (a: Ajv | Ajv2020) => void }).default;

const DRAFT7 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;

/** The JSON Schema drafts a resource may be written in. */
type Draft = "2020-12" | "draft-07";

/**
 * A compiler is replaced after this many schemas: ajv keeps every compiled function in its code
 * scope, so one instance used for thousands of schemas would only grow.
 */
const RECYCLE_AFTER = 500;

const compilers = new Map<Draft, { ajv: Ajv | Ajv2020; uses: number }>();
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
 * schemas; and each distinct schema (by digest of its JSON text) is compiled once per process,
 * since packs repeat schemas across versions. Callers locate the diagnostic in their own file.
 */
export function schemaProblem(schema: Record<string, unknown>): string | null {
  const draft = draftOf(schema);
  const key = sha256Hex(`${draft}\0${JSON.stringify(schema)}`);
  const known = results.get(key);
  if (known !== undefined) return known;
  let c = compilers.get(draft);
  if (!c || c.uses >= RECYCLE_AFTER) {
    c = { ajv: freshCompiler(draft), uses: 0 };
    compilers.set(draft, c);
  }
  c.uses++;
  let problem: string | null = null;
  try {
    c.ajv.compile(schema);
  } catch (e) {
    problem = e instanceof Error ? e.message : String(e);
  } finally {
    c.ajv.removeSchema();
  }
  results.set(key, problem);
  return problem;
}
