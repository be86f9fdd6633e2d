/**
 * Go's `path.Match`, which the Cordum safety kernel uses for topic patterns: `*` matches any run
 * of non-`/` characters (so it crosses `.`: `job.x.*` matches `job.x.a.b`), `?` one non-`/`
 * character, `[...]`/`[^...]` a class with ranges, `\c` a literal c. Matching is case-sensitive.
 * A malformed pattern never matches (the kernel treats Go's ErrBadPattern as no match). Braces
 * and extglobs are literal, unlike picomatch, which is why this is not delegated to a glob library.
 *
 * The algorithm is Go's: the pattern is cut into chunks, each a run of stars followed by
 * star-free text; a chunk after a star is tried at each later position of the name and the
 * first fit is kept (a star-free chunk never needs a later fit, except the last, which must end
 * the name). There is no backtracking across chunks, so the cost is at most
 * O(|pattern| × |name|) for any input, unlike a backtracking RegExp (`*a*a*a…*b` took minutes).
 * Characters are Unicode code points, as Go's runes.
 */
export function pathMatch(pattern: string, name: string): boolean {
  // The shapes real topic patterns have, answered without splitting into code points (Go's
  // answer exactly): no special character matches only itself; a final `*` as the only special
  // character matches the names that start with the rest and hold no `/` after it. (Not when
  // the rest ends in half a surrogate pair, which the code-point comparison below keeps apart.)
  const special = pattern.search(SPECIAL);
  if (special === -1) return pattern === name;
  if (special === pattern.length - 1 && pattern[special] === "*" && !isHighSurrogate(pattern.charCodeAt(special - 1))) {
    return name.startsWith(pattern.slice(0, special)) && name.indexOf("/", special) === -1;
  }
  const p = [...pattern];
  const s = [...name];
  let pi = 0;
  let si = 0;
  while (pi < p.length) {
    const { star, chunk, next } = scanChunk(p, pi);
    pi = next;
    const last = pi >= p.length;
    if (star && chunk.length === 0) return !s.slice(si).includes("/");
    const here = matchChunk(chunk, s, si);
    if (here === BAD) return false;
    if (here !== FAIL && (here === s.length || !last)) {
      si = here;
      continue;
    }
    let found = false;
    if (star) {
      for (let i = si; i < s.length && s[i] !== "/"; i++) {
        const r = matchChunk(chunk, s, i + 1);
        if (r === BAD) return false;
        if (r === FAIL || (last && r < s.length)) continue;
        si = r;
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return si === s.length;
}

const SPECIAL = /[*?[\\]/;

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** matchChunk results that are not an index: no match here, or a malformed pattern. */
const FAIL = -1;
const BAD = -2;

/** A run of leading stars, then the chunk up to the next `*` outside a class (Go's scanChunk). */
function scanChunk(p: string[], start: number): { star: boolean; chunk: string[]; next: number } {
  let i = start;
  let star = false;
  while (i < p.length && p[i] === "*") {
    star = true;
    i++;
  }
  const begin = i;
  let inClass = false;
  for (; i < p.length; i++) {
    const c = p[i];
    if (c === "\\") {
      if (i + 1 < p.length) i++;
    } else if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "*" && !inClass) break;
  }
  return { star, chunk: p.slice(begin, i), next: i };
}

/**
 * Matches a star-free chunk at `s[at]`: the index after the match, FAIL, or BAD for a malformed
 * chunk. Like Go, it keeps reading the chunk after a mismatch, so BAD wins over FAIL.
 */
function matchChunk(chunk: string[], s: string[], at: number): number {
  let i = 0;
  let j = at;
  let failed = false;
  while (i < chunk.length) {
    if (!failed && j >= s.length) failed = true;
    const c = chunk[i]!;
    if (c === "[") {
      const r = failed ? -1 : s[j++]!.codePointAt(0)!;
      i++;
      let negated = false;
      if (chunk[i] === "^") {
        negated = true;
        i++;
      }
      let hit = false;
      let ranges = 0;
      for (;;) {
        if (chunk[i] === "]" && ranges > 0) {
          i++;
          break;
        }
        const lo = classChar(chunk, i);
        if (!lo) return BAD;
        let hi = lo;
        if (chunk[lo.next] === "-") {
          const upper = classChar(chunk, lo.next + 1);
          if (!upper) return BAD;
          hi = upper;
        }
        i = hi.next;
        if (lo.cp <= r && r <= hi.cp) hit = true;
        ranges++;
      }
      if (hit === negated) failed = true;
    } else if (c === "?") {
      if (!failed && s[j++] === "/") failed = true;
      i++;
    } else {
      if (c === "\\") {
        i++;
        if (i >= chunk.length) return BAD;
      }
      if (!failed && chunk[i] !== s[j++]) failed = true;
      i++;
    }
  }
  return failed ? FAIL : j;
}

/** One character of a class (Go's getEsc): `-` and `]` must be escaped, and the class must go on. */
function classChar(chunk: string[], i: number): { cp: number; next: number } | null {
  let c = chunk[i];
  if (c === undefined || c === "-" || c === "]") return null;
  if (c === "\\") {
    i++;
    c = chunk[i];
    if (c === undefined) return null;
  }
  if (i + 1 >= chunk.length) return null;
  return { cp: c.codePointAt(0)!, next: i + 1 };
}
