import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { pathMatch } from "../src/simulate/path-match.js";

// Vectors of Go's path.Match (its documented semantics), which the safety kernel uses for topics.
const vectors: [string, string, boolean][] = [
  ["abc", "abc", true],
  ["*", "abc", true],
  ["*c", "abc", true],
  ["a*", "a", true],
  ["a*", "abc", true],
  ["a*", "ab/c", false],
  ["a*/b", "abc/b", true],
  ["a*/b", "a/c/b", false],
  ["a*b*c*d*e*/f", "axbxcxdxe/f", true],
  ["a*b?c*x", "abxbbxdbxebxczzx", true],
  ["a*b?c*x", "abxbbxdbxebxczzy", false],
  ["ab[c]", "abc", true],
  ["ab[b-d]", "abc", true],
  ["ab[e-g]", "abc", false],
  ["ab[^c]", "abc", false],
  ["ab[^b-d]", "abc", false],
  ["ab[^e-g]", "abc", true],
  ["a\\*b", "a*b", true],
  ["a\\*b", "ab", false],
  ["a?b", "a☺b", true],
  ["a[^a]b", "a☺b", true],
  ["a???b", "a☺b", false],
  ["a[^a][^a][^a]b", "a☺b", false],
  ["[a-ζ]*", "α", true],
  ["*[a-ζ]", "A", false],
  ["a?b", "a/b", false],
  ["a*b", "a/b", false],
  ["[\\]a]", "]", true],
  ["[\\-]", "-", true],
  ["[x\\-]", "x", true],
  ["[x\\-]", "-", true],
  ["[x\\-]", "z", false],
  ["[\\-x]", "x", true],
  ["[\\-x]", "-", true],
  ["[\\-x]", "a", false],
  // malformed patterns never match
  ["[]a]", "]", false],
  ["[-]", "-", false],
  ["[x-]", "x", false],
  ["[-x]", "x", false],
  ["\\", "a", false],
  ["[a-b-c]", "a", false],
  ["[", "a", false],
  ["[^", "a", false],
  ["[^bc", "a", false],
  ["a[", "a", false],
  ["a[", "ab", false],
  ["*x", "xxx", true],
  // Go does not order a range's ends: [z-a] is well-formed and matches nothing
  ["[z-a]", "q", false],
  ["[^z-a]", "q", true],
  // a class may match "/" and Go keeps a star-free chunk's first fit: the trailing * then sees "/"
  ["*[^a]*", "b/", false],
  ["*[^a]", "b/", true],
  // the fast paths (a literal; a literal and one final star) keep Go's answers
  ["job.a", "job.a", true],
  ["job.a", "job.ab", false],
  ["job.a.*", "job.a.", true],
  ["job.a.*", "job.a.b/c", false],
  ["job.a.*", "job.b.c", false],
  ["a\\*", "a*", true],
  ["a\\*", "ab", false],
  // half a surrogate pair is its own code point: it never matches a whole pair
  ["\ud83d*", "\ud83d\ude00", false],
  ["\ud83d", "\ud83d\ude00", false],
];

describe("pathMatch (Go path.Match)", () => {
  it.each(vectors)("%s ~ %s = %s", (pattern, name, want) => {
    expect(pathMatch(pattern, name)).toBe(want);
  });

  it("lets * cross dots but not slashes, as topic globs rely on", () => {
    expect(pathMatch("job.x.*", "job.x.a.b")).toBe(true);
    expect(pathMatch("job.x.*", "job.y.a")).toBe(false);
    expect(pathMatch("job.*.purge", "job.repo-guard.purge")).toBe(true);
  });

  it("treats braces and extglobs literally, unlike shell-style glob libraries", () => {
    expect(pathMatch("job.{a,b}", "job.a")).toBe(false);
    expect(pathMatch("job.{a,b}", "job.{a,b}")).toBe(true);
    expect(pathMatch("job.+(a)", "job.a")).toBe(false);
  });

  it("is case-sensitive", () => {
    expect(pathMatch("job.X.*", "job.x.a")).toBe(false);
  });
});

/**
 * Go's semantics written the slow, obvious way (try every split at a star), for well-formed
 * patterns whose classes exclude "/" (where Go's first-fit rule and every split agree).
 */
function reference(p: string[], s: string[]): boolean {
  if (p.length === 0) return s.length === 0;
  const [t, ...rest] = p;
  if (t === "*") {
    for (let i = 0; i <= s.length; i++) {
      if (reference(rest, s.slice(i))) return true;
      if (s[i] === "/") return false;
    }
    return false;
  }
  if (s.length === 0) return false;
  const c = s[0]!;
  const ok = t === "?" ? c !== "/" : t === "[ab]" ? c === "a" || c === "b" : t === "[^a/]" ? c !== "a" && c !== "/" : t === c;
  return ok && reference(rest, s.slice(1));
}

describe("pathMatch agrees with the obvious backtracking definition and stays linear", () => {
  const token = fc.constantFrom("a", "b", ".", "/", "*", "?", "[ab]", "[^a/]");
  test.prop([fc.array(token, { maxLength: 8 }), fc.array(fc.constantFrom("a", "b", ".", "/"), { maxLength: 10 })], { numRuns: 2000 })(
    "for any well-formed pattern and name",
    (pattern, name) => {
      expect(pathMatch(pattern.join(""), name.join(""))).toBe(reference(pattern, name));
    },
  );

  it("decides a 60-byte topic glob of many stars against a long topic at once (a backtracking RegExp took minutes)", () => {
    const glob = "job.p." + "*a".repeat(26) + "*b";
    const topic = "job.p." + "a".repeat(5000);
    const started = performance.now();
    expect(pathMatch(glob, topic)).toBe(false);
    expect(pathMatch(glob, topic + "b")).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
