import { Ajv2020 } from "ajv/dist/2020.js";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";

const addFormats = (addFormatsModule as unknown as { default: (a: Ajv | Ajv2020) => void }).default;

const DRAFT7 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;

/**
 * Checks that a pack's JSON Schema resource compiles (draft 2020-12 by default, draft-07 when
 * its `$schema` says so). Returns the compiler's message, or null when it compiles. Each call
 * uses a fresh compiler so `$id`s of different packs never collide.
 */
export function schemaProblem(schema: Record<string, unknown>): string | null {
  const $schema = typeof schema.$schema === "string" ? schema.$schema : "";
  const options = { strict: false, logger: false } as const;
  const compiler = DRAFT7.test($schema) ? new Ajv(options) : new Ajv2020(options);
  addFormats(compiler);
  try {
    compiler.compile(schema);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
