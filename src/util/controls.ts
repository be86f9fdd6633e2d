/**
 * Characters that must never reach a terminal, a CI log or a JSON reader raw: C0 controls
 * (U+0000–U+001F, which include newline and the ESC of ANSI sequences), DEL (U+007F), C1
 * controls (U+0080–U+009F, among them the single-byte CSI U+009B), the line and paragraph
 * separators U+2028/U+2029, and the bidirectional controls that reorder text on screen
 * ("Trojan Source": U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The same set without C0, which JSON.stringify already escapes. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

const hex = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * `text` with every unsafe character (see above) written as a visible escape: `\n`, `\r`, `\t`,
 * else `\uXXXX`. Applied to every field of a line of human-readable output, so a key holding a
 * newline and `::error …` cannot start a line that a CI runner executes as a workflow command,
 * and ANSI or bidi sequences cannot repaint a terminal. Other text is unchanged. Pure.
 */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (ch) => NAMED[ch] ?? hex(ch));
}

/**
 * JSON text (as JSON.stringify writes it) with DEL, C1, U+2028/2029 and bidi controls written
 * as `\uXXXX` escapes. Such characters occur only inside JSON strings, where the escape denotes
 * the same character, so the parsed value is unchanged; only the bytes become safe to print. Pure.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(UNSAFE_IN_JSON, hex);
}

/**
 * The longest prefix of `text` with at most `max` UTF-16 code units that does not end inside a
 * surrogate pair, so a cut never leaves half a character (an invalid lone surrogate). Pure.
 */
export function safeSlice(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = Math.max(0, max);
  const last = text.charCodeAt(end - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
}
