import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
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
});
