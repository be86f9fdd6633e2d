import { describe, expect, it } from "vitest";
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
