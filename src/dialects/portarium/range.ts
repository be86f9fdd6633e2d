import semver from "semver";

/**
 * What Portarium's own range parser (`parseSemVerRange` in its domain/versioning) makes of a
 * manifest range: `""` or `*` is any version; anything else is whitespace-separated comparators,
 * all of which must hold, each an operator `>=`, `<=`, `>`, `<` or `=` written directly before
 * a full SemVer (`major.minor.patch`, optional pre-release and build), or a bare full SemVer.
 * npm's caret, tilde, x-ranges, hyphen ranges and `||` are parse errors there, so a manifest
 * using them cannot be registered.
 */
export function isPortariumRange(range: string): boolean {
  const text = range.trim();
  if (text === "" || text === "*") return true;
  return text.split(/\s+/).every((token) => {
    const op = /^(>=|<=|>|<|=)?(.*)$/.exec(token)!;
    return FULL_SEMVER.test(op[2]!);
  });
}

/** A full SemVer 2.0.0 version, as Portarium's `parseSemVer` accepts it. */
const FULL_SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/**
 * The Portarium range meaning what npm range `range` means, for a hint: npm's own desugaring
 * (`^1.2.0` → `>=1.2.0 <2.0.0`), without the `-0` npm adds to an upper bound to keep out its
 * pre-releases (Portarium has no such rule). Null when there is none: an npm range with `||`
 * (Portarium has no alternatives) or one npm cannot read.
 */
export function portariumEquivalent(range: string): string | null {
  let parsed: semver.Range;
  try {
    parsed = new semver.Range(range, { includePrerelease: true });
  } catch {
    return null;
  }
  if (parsed.set.length !== 1) return null;
  const comparators = parsed.set[0]!.map((c) => c.value.replace(/-0$/, "")).filter((c) => c !== "");
  const text = comparators.length ? comparators.join(" ") : "*";
  return isPortariumRange(text) ? text : null;
}
