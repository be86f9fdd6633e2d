import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { draftOf, schemaProblem } from "../src/validate/resource-schema.js";
import { edit, locked } from "./fixtures/edit.js";
import { MINI } from "./fixtures/mini.js";
import { compileFiles, withCode } from "./helpers.js";

const addFormats = (addFormatsModule as unknown as { default: (a: Ajv | Ajv2020) => void }).default;

/** What a fresh, default-optimizing compiler per schema says: the behaviour the shared, cached compiler must keep. */
function reference(schema: Record<string, unknown>): string | null {
  const compiler = draftOf(schema) === "draft-07" ? new Ajv({ strict: false, logger: false }) : new Ajv2020({ strict: false, logger: false });
  addFormats(compiler);
  try {
    compiler.compile(schema);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const D7 = "http://json-schema.org/draft-07/schema#";
const CORPUS: Record<string, unknown>[] = [
  { type: "object", properties: { a: { type: "string" } } },
  { type: "objekt" },
  { $id: "https://example.com/a", type: "object" },
  { $id: "https://example.com/a", type: "string", minLength: 1 },
  { $id: "https://example.com/b", $defs: { x: { $id: "https://example.com/x", type: "integer" } }, $ref: "https://example.com/x" },
  { $ref: "https://example.com/x" },
  { $ref: "#/$defs/missing" },
  { $defs: { n: { type: "number" } }, properties: { v: { $ref: "#/$defs/n" } } },
  { type: "string", format: "uri" },
  { type: "string", format: "no-such-format" },
  { type: "string", pattern: "([unclosed" },
  { $schema: D7, definitions: { s: { type: "string" } }, properties: { s: { $ref: "#/definitions/s" } } },
  { $schema: D7, $id: "https://example.com/a", type: "object" },
  { $schema: D7, type: "nope" },
  { $schema: "https://json-schema.org/draft/2019-09/schema", type: "object" },
  { $schema: "https://json-schema.org/draft/2020-12/schema", $id: "https://json-schema.org/draft/2020-12/schema", type: "object" },
  { properties: { a: { minimum: "one" } } },
  { items: [{ type: "string" }], additionalItems: false },
  // The 2020-12 meta-schema's validator compiled ahead of time: its answers and messages, with
  // several errors, and the $schema spellings it must leave to a compiler.
  { $schema: "https://json-schema.org/draft/2020-12/schema", type: "nope", minimum: "x", properties: { a: { maxLength: -1 } } },
  { allOf: [{ type: 5 }], required: [1, 1], uniqueItems: "yes" },
  { $schema: "https://json-schema.org/draft/2020-12/schema#", type: "nope" },
  { $schema: 5, type: "object" },
];

describe("resource schemas are compiled by a shared, caching compiler with a fresh compiler's answers", () => {
  it("gives each schema of the corpus the same message as a fresh compiler, in any order and again", () => {
    const want = CORPUS.map(reference);
    expect(want.filter((w) => w !== null).length).toBeGreaterThan(5);
    for (const order of [CORPUS.map((_, i) => i), CORPUS.map((_, i) => CORPUS.length - 1 - i)]) {
      for (const i of order) expect(schemaProblem(CORPUS[i]!), JSON.stringify(CORPUS[i])).toBe(want[i]);
    }
  });

  test.prop([fc.array(fc.integer({ min: 0, max: CORPUS.length - 1 }), { minLength: 1, maxLength: 20 })], { numRuns: 20 })("for any sequence of schemas", (seq) => {
    for (const i of seq) expect(schemaProblem(CORPUS[i]!)).toBe(reference(CORPUS[i]!));
  });

  // Random schemas from keywords with good and bad values: most take the meta-schema-only path,
  // some ($ref, pattern, $id) compile; every answer must equal a fresh compiler's.
  const value = fc.constantFrom<unknown>("string", "objekt", 1, -1, 0, "one", true, false, null, [], ["a"], [1, "a"], [{}], {}, { a: 5 }, { a: ["b"] }, { type: "string" }, { type: 7 }, "^a+$", "([", "uri", "date", "no-such-format", "#/$defs/x", "#", "#a", "https://example.com/r");
  const keyword = fc.constantFrom("type", "minimum", "maxLength", "items", "prefixItems", "additionalItems", "properties", "required", "enum", "const", "format", "formatMinimum", "if", "then", "else", "not", "allOf", "anyOf", "oneOf", "additionalProperties", "uniqueItems", "contains", "minContains", "dependentRequired", "dependentSchemas", "dependencies", "propertyNames", "unevaluatedProperties", "unevaluatedItems", "default", "title", "examples", "$comment", "deprecated", "contentSchema", "pattern", "patternProperties", "$ref", "$id", "id", "$anchor", "$defs", "definitions", "nullable", "discriminator", "multipleOf");
  const schemaOf = fc.dictionary(keyword, value, { maxKeys: 4 }).chain((root) => fc.oneof(fc.constant(root), fc.constant({ ...root, $schema: D7 }), fc.constant({ properties: { p: root } })));
  test.prop([schemaOf], { numRuns: 200 })("for random schemas of good and bad keyword values", (schema) => {
    expect(schemaProblem(schema as Record<string, unknown>), JSON.stringify(schema)).toBe(reference(schema as Record<string, unknown>));
  });

  it("keeps giving fresh answers across compiler replacements (more than 500 distinct schemas)", () => {
    for (let n = 0; n < 1100; n++) {
      const schema = n % 3 === 0 ? { $id: `https://example.com/s${n % 7}`, type: "object", properties: { [`p${n}`]: { type: "string" } } } : { type: n % 5 === 0 ? "objekt" : "object", minProperties: n };
      const got = schemaProblem(schema);
      if (n % 25 === 0 || n > 1000) expect(got).toBe(reference(schema)); // a fresh compiler costs ~12 ms: compare a sample
    }
  });

  it("reports a broken schema at its own file:line in every pack version that has the same text", () => {
    const broken = '{\n  "type": "objekt"\n}\n';
    const files = locked({
      ...edit(MINI, "packs/mini/1.0.0/schemas/Input.json", MINI["packs/mini/1.0.0/schemas/Input.json"]!, broken),
      ...Object.fromEntries(Object.entries(MINI).filter(([p]) => p.startsWith("packs/mini/1.0.0/")).map(([p, t]) => [p.replace("/1.0.0/", "/1.1.0/"), p.endsWith("Input.json") ? broken : t.replace("version: 1.0.0", "version: 1.1.0")])),
    });
    const hits = withCode(compileFiles(files), "PK115").map((d) => `${d.file}:${d.line}`);
    expect(hits).toEqual(["packs/mini/1.0.0/schemas/Input.json:1", "packs/mini/1.1.0/schemas/Input.json:1"]);
  });
});
