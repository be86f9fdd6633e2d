/**
 * Keys whose string values are content digests (a pack's `integrity`, a policy bundle's
 * `sha256`): they change with every byte of what they digest, which the review view already
 * shows, and say nothing a reviewer can read.
 */
const DIGEST_KEYS = new Set(["integrity", "sha256"]);

/** Words YAML (1.1 or the 1.2 core schema) may read as something other than a string. */
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;
/** A string YAML reads back as itself without quotes: a name, a dotted topic, a path, a version. */
const PLAIN = /^(?:[A-Za-z_][\w./@+-]*(?::[\w./@+-]+)*|\d+(?:\.\d+){2,}(?:[-+][\w.-]+)?)$/;
/** Characters a YAML document may not hold unescaped, or that would end a line; JSON.stringify leaves some of them as they are. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A double-quoted scalar: JSON's escapes (valid in YAML), plus `\uXXXX` for what YAML may not hold. */
function quoted(s: string): string {
  return JSON.stringify(s).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function scalar(s: string): string {
  return PLAIN.test(s) && !RESERVED.test(s) ? s : quoted(s);
}

/** Whether `s` can be a literal block (`|`): several lines, each free of characters YAML may not hold, none starting the block with a space. */
function literal(s: string): boolean {
  if (!s.includes("\n") || /[\r\t]/.test(s) || s.search(UNSAFE) !== -1) return false;
  const lines = s.replace(/\n+$/, "").split("\n");
  return lines[0] !== "" && !/^\s/.test(lines[0]!) && !lines.some((l) => /\s$/.test(l));
}

/** The lines of a literal block for `s` at `indent`, after its indicator: `|-` without a final newline, `|` with one, `|+` with more. */
function block(s: string, indent: string): { indicator: string; lines: string[] } {
  const trailing = /\n*$/.exec(s)![0].length;
  const body = trailing === 0 ? s : s.slice(0, -1);
  return { indicator: trailing === 0 ? "|-" : trailing === 1 ? "|" : "|+", lines: body.split("\n").map((l) => (l === "" ? "" : `${indent}${l}`)) };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A value that fits on its own line: a scalar or an empty collection. */
function inline(v: unknown): string | null {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean" || typeof v === "number") return JSON.stringify(v);
  if (typeof v === "string") return literal(v) ? null : scalar(v);
  if (Array.isArray(v)) return v.length ? null : "[]";
  if (isObject(v)) return Object.keys(v).length ? null : "{}";
  return quoted(String(v));
}

/**
 * `head` (a key with its colon, or a sequence dash) followed by `v` at `indent`, as lines. A
 * collection in a sequence starts on the dash's line (`- id: x`), as YAML writes it compactly.
 */
function entry(head: string, v: unknown, indent: string, out: string[], dash = false): void {
  const one = inline(v);
  if (one !== null) {
    out.push(`${head} ${one}`);
  } else if (typeof v === "string") {
    const b = block(v, `${indent}  `);
    out.push(`${head} ${b.indicator}`, ...b.lines);
  } else if (dash) {
    const from = out.length;
    emit(v, `${indent}  `, out);
    out[from] = `${head} ${out[from]!.slice(indent.length + 2)}`;
  } else {
    out.push(head);
    emit(v, `${indent}  `, out);
  }
}

function emit(v: unknown, indent: string, out: string[]): void {
  if (Array.isArray(v)) {
    for (const item of v) entry(`${indent}-`, item, indent, out, true);
  } else if (isObject(v)) {
    for (const k of Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (DIGEST_KEYS.has(k) && typeof v[k] === "string") continue;
      entry(`${indent}${scalar(k)}:`, v[k], indent, out);
    }
  }
}

/**
 * An active config as a reviewer reads it, for the per-tenant diff: YAML with keys in code-point
 * order, two spaces a level, digests left out ({@link DIGEST_KEYS}; a pack edited in place is
 * named in the change set instead), and every multi-line string (a policy fragment, a prompt, a
 * template) as a literal block, so a changed rule shows as its own YAML lines rather than one
 * escaped JSON string; any other string is plain where YAML reads it back as the same string,
 * else double-quoted. Written here rather than by `yaml`'s stringify, which cost 4.5 ms an active
 * config (a second for a 106-tenant diff, a third of it); a property test holds that `yaml`
 * parses the view back to the config without its digests. Pure; the compiled artefact stays
 * canonical JSON.
 */
export function reviewView(config: unknown): string {
  if (config === null || config === undefined) return "";
  if (typeof config === "string") return `${scalar(config)}\n`;
  const one = inline(config);
  if (one !== null) return `${one}\n`;
  const out: string[] = [];
  emit(config, "", out);
  return out.join("\n") + "\n";
}
