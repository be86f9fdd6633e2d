import { escapeJsonControls } from "./controls.js";

/**
 * Canonical JSON text: object keys sorted in code-point order at every depth, 2-space indent,
 * LF line ends, a final newline, and DEL, C1, U+2028/2029 and bidi controls as `\uXXXX` escapes (so
 * the text is safe to print; the value is unchanged). Array order is kept. The same value always gives the same bytes
 * on any machine, locale or time zone. Throws TypeError for values JSON cannot represent
 * (NaN, Infinity, functions), which would otherwise be written as `null` silently.
 */
export function canonicalJson(value: unknown): string {
  return escapeJsonControls(JSON.stringify(sortKeys(value), null, 2)) + "\n";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (typeof value === "number" && !Number.isFinite(value)) throw new TypeError(`cannot write ${value} as JSON`);
  if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") throw new TypeError(`cannot write a ${typeof value} as JSON`);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}
