import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { stringify } from "yaml";
import { benchRepo, SIZES } from "../scripts/bench-repo.js";
import { parseText, parseYamlFully } from "../src/load/parse.js";
import { fastYamlValue } from "../src/load/yaml-fast.js";

// The fast path may decline any text; what it must never do is return a value the full parse
// (the `yaml` library) would not, or return one where the full parse reports a diagnostic.

/** Whether the fast path, where it answers, agrees with the full parse. */
function agrees(text: string): boolean {
  const fast = fastYamlValue(text);
  if (!fast) return true;
  const full = parseYamlFully("f.yaml", text, text);
  return full.diagnostics.length === 0 && isDeepStrictEqual(fast.value, full.doc.value);
}

const ROOT = join(import.meta.dirname, "..");
function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}
const ownFiles = ["packs", "tenants", "config", "test/repos"].flatMap((d) => yamlFiles(join(ROOT, d))).map((p) => [relative(ROOT, p), readFileSync(p, "utf8")] as const);
const benchFiles = [...benchRepo(SIZES.small)].filter(([p]) => /\.ya?ml$/.test(p));
const corpus = [...ownFiles.map(([, t]) => t), ...benchFiles.map(([, t]) => t)];

describe("the fast YAML path", () => {
  it("gives the full parse's value for every YAML file of the repository's packs and tests", () => {
    expect(ownFiles.length).toBeGreaterThan(20);
    for (const [file, text] of ownFiles) expect(agrees(text), file).toBe(true);
  });

  it("answers for every file of the benchmark's shapes, with the full parse's value (so the fast path is the one taken)", () => {
    expect(benchFiles.length).toBeGreaterThan(200);
    for (const [file, text] of benchFiles) {
      const fast = fastYamlValue(text);
      expect(fast, file).toBeDefined();
      expect(fast!.value, file).toEqual(parseYamlFully(file, text, text).doc.value);
    }
  });

  it("leaves positions to the full parse: a diagnostic on a fast-parsed file still names its line", () => {
    const text = "a: 1\nb:\n  c: .inf\n";
    expect(fastYamlValue(text)).toBeDefined();
    const parsed = parseText("x.yaml", text);
    expect(parsed.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["PK118", 3, 6]]);
  });

  // Each guard: text the fast path must decline (js-yaml reads it otherwise, or `yaml` reports
  // it), beside a near twin it answers, so neither the guard nor the fast path can rot unseen.
  const guards: Array<[string, string, string]> = [
    ["an empty sequence entry (js-yaml 4 moves `- b` into the inner sequence)", "- - a\n  -\n- b\n", "- - a\n  - x\n- b\n"],
    ["a multi-line quoted scalar (`yaml` rejects an under-indented continuation)", 'a: "x\ny"\n', 'a: "x y"\n'],
    ["a multi-line plain scalar", "a: x\n  y\n", "a: x y\n"],
    ["a multi-line flow sequence (`yaml` checks its indentation)", "a: [x,\ny]\n", "a: [x, y]\n"],
    ["a comment touching a closing bracket (`yaml` rejects it)", "a: [x]#c\n", "a: [x] #c\n"],
    ["a flow collection as a key", "{[1, 2]}\n", "{a: [1, 2]}\n"],
    ["a flow mapping as a key with a value", "? {a: 1}\n: b\n", "b: {a: 1}\n"],
    ["a block scalar (js-yaml reads some chomping edge cases otherwise)", "- |+\n  keep\n\n  ", "- keep\n"],
    ["a null key (`yaml` writes it as \"\", js-yaml as \"null\")", "~: a\n", "a: ~\n"],
    ["an empty key", ": a\n", "a:\n"],
    ["an anchor and alias", "a: &x 1\nb: *x\n", "a: 1\nb: 1\n"],
    ["a tag", "a: !!str 1\n", "a: '1'\n"],
    ["a directive", "%YAML 1.1\n---\na: 1\n", "a: 1\n"],
    ["two documents", "a: 1\n---\nb: 2\n", "a: 1\nb: 2\n"],
    ["a tab", "a:\t1\n", "a: 1\n"],
    ["CRLF line breaks", "a: 1\r\nb: 2\r\n", "a: 1\nb: 2\n"],
    ["a forbidden key written with an escape", '"\\x5f_proto__": 1\n', '"\\x5f_x": 1\n'],
    ["a duplicate key", "a: 1\na: 2\n", "a: 1\nb: 2\n"],
    ["keys equal as JavaScript property names", "1: a\n'1': b\n", "1: a\n'2': b\n"],
    ["a syntax error", "a: [1, 2\n", "a: [1, 2]\n"],
  ];
  it.each(guards)("declines %s, answers its twin", (_, declined, answered) => {
    expect(fastYamlValue(declined)).toBeUndefined();
    const fast = fastYamlValue(answered);
    expect(fast).toBeDefined();
    expect(fast!.value).toEqual(parseYamlFully("f.yaml", answered, answered).doc.value);
  });

  it("resolves plain scalars by YAML 1.2's core schema, as `yaml` does", () => {
    const scalars = ["~", "null", "Null", "NULL", "true", "True", "FALSE", "yes", "no", "on", "0o17", "017", "0x1F", "0X1F", "+12", "-0", "1_000", "0b101", "12345678901234567890",
      "1.", ".5", "-.5", "1e3", "1E-3", ".inf", "-.Inf", ".NaN", "1.0", "2024-01-01", "1:30", "=", "<<"];
    const text = scalars.map((s, i) => `k${i}: ${s}\n`).join("");
    const fast = fastYamlValue(text);
    expect(fast).toBeDefined();
    expect(fast!.value).toStrictEqual(parseYamlFully("f.yaml", text, text).doc.value);
  });

  const atom = fc.constantFrom(" ", "\n", "\n  ", "- ", ":", ": ", "#", " #", "'", '"', "[", "]", "{", "}", ",", "|", ">", "?", "&a ", "*a", "!", "%", "---", "\\", "~", "null", "0x1F", "1e3", "-", "true", "\t", "\r\n", "é", "${x}", "a: b: c", "- - ", "\n- ", "\n\n");
  const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom("insert", "delete", "indent", "dedent", "duplicate"), atom, width: fc.integer({ min: 1, max: 4 }) });
  function applyEdit(text: string, e: { at: number; kind: string; atom: string; width: number }): string {
    const at = e.at % (text.length + 1);
    if (e.kind === "insert") return text.slice(0, at) + e.atom + text.slice(at);
    if (e.kind === "delete") return text.slice(0, at) + text.slice(at + e.width);
    const lines = text.split("\n");
    const i = e.at % lines.length;
    if (e.kind === "indent") lines[i] = " ".repeat(e.width) + lines[i];
    else if (e.kind === "dedent") lines[i] = lines[i]!.replace(/^ {1,4}/, "");
    else lines.splice(i, 0, lines[(e.at >> 3) % lines.length]!);
    return lines.join("\n");
  }

  test.prop([fc.constantFrom(...corpus), fc.array(edit, { minLength: 1, maxLength: 3 })], { numRuns: 3000 })(
    "never answers otherwise than the full parse, on real files with random edits",
    (text, edits) => {
      expect(agrees(edits.reduce(applyEdit, text))).toBe(true);
    },
  );

  const str = fc.string({ unit: fc.constantFrom("a", "b", " ", ":", "#", "-", "'", '"', "[", "]", "{", "}", ",", "\n", "\\", "1", "0x", ".", "e", "null", "true", "~", "*", "&", "!", "|", ">", "%", "${", "é", "  "), maxLength: 8 });
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      str,
      fc.double({ noNaN: true }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(str, tie("value"), { maxKeys: 4 }),
    ),
  }));
  const options = fc.record({
    indent: fc.constantFrom(2, 4),
    indentSeq: fc.boolean(),
    collectionStyle: fc.constantFrom("any", "block", "flow") as fc.Arbitrary<"any" | "block" | "flow">,
    defaultStringType: fc.constantFrom("PLAIN", "QUOTE_DOUBLE", "QUOTE_SINGLE", "BLOCK_LITERAL", "BLOCK_FOLDED") as fc.Arbitrary<"PLAIN">,
    lineWidth: fc.constantFrom(0, 20, 80),
  });
  test.prop([value, options], { numRuns: 3000 })("never answers otherwise than the full parse, on documents written in any style", (v, o) => {
    expect(agrees(stringify(v, o))).toBe(true);
  });
});
