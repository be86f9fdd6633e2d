/**
 * RFC 6901 JSON pointers: `""` is the whole document, `/a/0/b~1c` names key `b/c` of item 0 of `a`.
 */

/** Escapes one reference token (`~` → `~0`, `/` → `~1`). */
export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Joins tokens into a pointer; `pointer(["a", 0])` is `/a/0`. */
export function pointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => "/" + escapeToken(t)).join("");
}

/** Splits a pointer into its unescaped tokens; throws `Error` on a pointer without a leading `/`. */
export function parsePointer(p: string): string[] {
  if (p === "") return [];
  if (!p.startsWith("/")) throw new Error(`not a JSON pointer: ${p}`);
  return p
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Reads the value at a pointer, or `undefined` when any step is missing. */
export function getAt(value: unknown, p: string): unknown {
  let cur: unknown = value;
  for (const token of parsePointer(p)) {
    if (cur === null || typeof cur !== "object") return undefined;
    if (!Object.hasOwn(cur, token)) return undefined;
    cur = (cur as Record<string, unknown>)[token];
  }
  return cur;
}
