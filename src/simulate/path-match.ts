/**
 * Go's `path.Match`, which the Cordum safety kernel uses for topic patterns: `*` matches any run
 * of non-`/` characters (so it crosses `.`: `job.x.*` matches `job.x.a.b`), `?` one non-`/`
 * character, `[...]`/`[^...]` a class with ranges, `\c` a literal c. Matching is case-sensitive.
 * A malformed pattern never matches (the kernel treats Go's ErrBadPattern as no match). Braces
 * and extglobs are literal, unlike picomatch, which is why this is not delegated to a glob library.
 */
export function pathMatch(pattern: string, name: string): boolean {
  const re = compile(pattern);
  return re !== null && re.test(name);
}

const cache = new Map<string, RegExp | null>();

/** The pattern as an anchored RegExp, or null when Go would report ErrBadPattern. */
export function compile(pattern: string): RegExp | null {
  if (cache.has(pattern)) return cache.get(pattern)!;
  const re = translate([...pattern]);
  cache.set(pattern, re);
  return re;
}

function translate(p: string[]): RegExp | null {
  let out = "";
  let i = 0;
  while (i < p.length) {
    const c = p[i]!;
    if (c === "*") {
      out += "[^/]*";
      i++;
    } else if (c === "?") {
      out += "[^/]";
      i++;
    } else if (c === "\\") {
      if (i + 1 >= p.length) return null;
      out += lit(p[i + 1]!);
      i += 2;
    } else if (c === "[") {
      const cls = readClass(p, i + 1);
      if (!cls) return null;
      out += cls.source;
      i = cls.next;
    } else {
      out += lit(c);
      i++;
    }
  }
  return new RegExp(`^${out}$`, "u");
}

function readClass(p: string[], start: number): { source: string; next: number } | null {
  let i = start;
  let source = "[";
  if (p[i] === "^") {
    source += "^";
    i++;
  }
  let ranges = 0;
  for (;;) {
    if (i >= p.length) return null;
    if (p[i] === "]" && ranges > 0) return { source: source + "]", next: i + 1 };
    const lo = escaped(p, i);
    if (!lo) return null;
    i = lo.next;
    let item = classLit(lo.ch);
    if (p[i] === "-") {
      const hi = escaped(p, i + 1);
      if (!hi || hi.ch < lo.ch) return null;
      i = hi.next;
      item += "-" + classLit(hi.ch);
    }
    source += item;
    ranges++;
  }
}

// Go's getEsc: an unescaped `-` or `]` where a class character is expected is ErrBadPattern.
function escaped(p: string[], i: number): { ch: string; next: number } | null {
  let ch = p[i];
  if (ch === undefined || ch === "-" || ch === "]") return null;
  if (ch === "\\") {
    i++;
    ch = p[i];
    if (ch === undefined) return null;
  }
  if (i + 1 >= p.length) return null;
  return { ch, next: i + 1 };
}

function lit(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function classLit(c: string): string {
  return c.replace(/[\]\\^-]/g, "\\$&");
}
