import jsYaml from "js-yaml";
import { FORBIDDEN_KEYS } from "./parse.js";

/**
 * The fast path for YAML: the value of `text` from js-yaml (about ten times faster than the
 * `yaml` library's Document, which keeps a syntax tree packc only needs for positions), or
 * `undefined` whenever that value might differ from what `parse.ts`'s full parse gives, or
 * the full parse would report anything. The caller then parses in full, so a file with an
 * error, or a construct the two libraries read differently, still gets the `yaml` library's
 * value and diagnostics, and positions are computed from the text only when one is asked for.
 *
 * A value is returned only for text that is (each guard is a fixture in the tests, which also
 * compare both parsers over every YAML file of the test repositories, the benchmark's shapes and
 * random documents and edits):
 * - printable: LF line breaks, no tab, no BOM, no control or line-separator character, no
 *   character outside the Basic Multilingual Plane;
 * - one document, no directive, no `---` or `...` marker;
 * - free of anchors, aliases, tags, explicit `?` keys, reserved indicators and block scalars
 *   (`|`, `>`: js-yaml reads some indentation and chomping edge cases differently);
 * - free of flow collections used as keys or nested in one another, of a comment that touches
 *   a closing bracket or quote (`]#`: `yaml` rejects it, js-yaml reads a comment), and of a
 *   sequence entry with no value (js-yaml 4 moves the next, less indented, entry into the inner
 *   sequence of `- - a\n  -\n- b`);
 * - such that no flow collection and no plain or quoted scalar spans lines (`yaml` checks
 *   their indentation more strictly);
 * - free of keys that are null-like (`~:` is `""` to `yaml`, `"null"` to js-yaml), forbidden
 *   (PK104) or longer than 1,000 characters (`yaml` rejects implicit keys over 1,024).
 * Scalars resolve by `yaml`'s YAML 1.2 core schema, reproduced below with its own patterns, in
 * its order. js-yaml's errors (duplicate keys included) all mean "parse in full". Never throws.
 */
export function fastYamlValue(text: string): { value: unknown } | undefined {
  if (UNSAFE_TEXT.test(text) || PROPERTIES.test(text) || MARKERS.test(text) || FLOW_KEYS.test(text) || EMPTY_ENTRY.test(text)) return undefined;
  const opened: number[] = [];
  const listener = (event: jsYaml.EventType, state: jsYaml.State): void => {
    if (event === "open") {
      opened.push(state.position);
      return;
    }
    const raw = text.slice(opened.pop() ?? 0, state.position);
    const own = raw.slice(LEADING.exec(raw)?.[0].length ?? 0);
    // A node's own text (after the spaces and comments before it) on more than one line:
    // a multi-line scalar, or a flow collection ("[" or "{"); block collections may span lines.
    if (own.includes("\n") && (state.kind === "scalar" || own[0] === "[" || own[0] === "{")) throw UNSURE;
  };
  let value: unknown;
  try {
    value = jsYaml.load(text, { schema: CORE_1_2, listener });
  } catch {
    return undefined;
  }
  if (value !== null && typeof value === "object" && !plainKeys(value)) return undefined;
  return { value: value ?? null };
}

const UNSURE = new Error("not certain: parse in full");

/** Anything but LF, printable ASCII and printable BMP text (no U+2028/2029, U+FEFF, surrogates). */
const UNSAFE_TEXT = /[^\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;
/** An anchor, alias, tag, explicit key, directive, reserved indicator or block scalar header where a node may start. */
const PROPERTIES = /(?:^|[\s[{,])[&*!?%@`|>]/m;
/** A directive or document marker at the start of a line. */
const MARKERS = /^(?:%|---|\.\.\.)/m;
/** A flow collection as a key (`]:`), nested in a flow collection, or a comment touching `]`, `}` or a quote. */
const FLOW_KEYS = /[\]}]\s*:|[{,]\s*[[{]|[\]}"']#/;
/** A sequence entry with nothing after its `-` on its line. */
const EMPTY_ENTRY = /(?:^|\s)-[ ]*(?:#[^\n]*)?$/m;
/** Spaces, line breaks and comments before a node's own text. */
const LEADING = /^(?:[ \n]|#[^\n]*)*/;
/** Keys `yaml` turns into `""` (null) but js-yaml into `"null"`, `"~"` or `""`. */
const NULL_LIKE = /^(?:~|null|Null|NULL)?$/;
const MAX_KEY_LENGTH = 1000;

/** Whether every key in `root` is one both parsers write alike and packc accepts. Iterative. */
function plainKeys(root: object): boolean {
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === "object") stack.push(x);
    } else if (v !== null && typeof v === "object") {
      for (const k of Object.keys(v)) {
        if (NULL_LIKE.test(k) || FORBIDDEN_KEYS.has(k) || k.length > MAX_KEY_LENGTH) return false;
        const x = (v as Record<string, unknown>)[k];
        if (x !== null && typeof x === "object") stack.push(x);
      }
    }
  }
  return true;
}

// The `yaml` library's YAML 1.2 core schema (its `schema/core`: null, bool, int as octal,
// decimal and hexadecimal, float as .inf/.nan, exponent and fraction, tried in that order on
// plain scalars only), as js-yaml types. js-yaml keeps one type per tag, so each tag's
// patterns are tried in `yaml`'s order inside one type.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_DEC = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

const CORE_1_2 = jsYaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    new jsYaml.Type("tag:yaml.org,2002:null", { kind: "scalar", resolve: (s: string | null) => s === null || NULL.test(s), construct: () => null }),
    new jsYaml.Type("tag:yaml.org,2002:bool", { kind: "scalar", resolve: (s: string | null) => s !== null && BOOL.test(s), construct: (s: string) => s[0] === "t" || s[0] === "T" }),
    new jsYaml.Type("tag:yaml.org,2002:int", {
      kind: "scalar",
      resolve: (s: string | null) => s !== null && (INT_OCT.test(s) || INT_DEC.test(s) || INT_HEX.test(s)),
      construct: (s: string) => (INT_OCT.test(s) ? parseInt(s.substring(2), 8) : INT_DEC.test(s) ? parseInt(s, 10) : parseInt(s.substring(2), 16)),
    }),
    new jsYaml.Type("tag:yaml.org,2002:float", {
      kind: "scalar",
      resolve: (s: string | null) => s !== null && (FLOAT_NAN.test(s) || FLOAT_EXP.test(s) || FLOAT.test(s)),
      construct: (s: string) => (FLOAT_NAN.test(s) ? (s.slice(-3).toLowerCase() === "nan" ? NaN : s[0] === "-" ? -Infinity : Infinity) : parseFloat(s)),
    }),
  ],
});
