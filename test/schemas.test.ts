import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { validator, type SchemaRef } from "../src/validate/schemas.js";
import { ROOT } from "./helpers.js";

describe("shipped JSON Schemas", () => {
  const refs = readdirSync(join(ROOT, "schemas"))
    .filter((f) => f.endsWith(".schema.json"))
    .flatMap((f) => {
      const name = f.replace(".schema.json", "");
      const defs = Object.keys(JSON.parse(readFileSync(join(ROOT, "schemas", f), "utf8")).$defs ?? {});
      return [name, ...defs.map((d) => `${name}#/$defs/${d}`)];
    });
  it.each(refs)("%s compiles under strict draft 2020-12", (ref) => {
    expect(typeof validator(ref as SchemaRef)).toBe("function");
  });

  // packc compiles its own schemas without checking them against the meta-schema (a cost paid
  // on every run); this is where they are checked.
  const files = readdirSync(join(ROOT, "schemas")).filter((f) => f.endsWith(".schema.json"));
  it.each(files)("%s is valid against the draft 2020-12 meta-schema", (f) => {
    const meta = new Ajv2020({ strict: false });
    const ok = meta.validateSchema(JSON.parse(readFileSync(join(ROOT, "schemas", f), "utf8")));
    expect(meta.errors ?? [], f).toEqual([]);
    expect(ok).toBe(true);
  });

  it("the meta-schema check fails on a schema that breaks it (so the test above can fail)", () => {
    const meta = new Ajv2020({ strict: false });
    expect(meta.validateSchema({ type: "object", properties: { a: { type: 7 } } })).toBe(false);
  });
});
