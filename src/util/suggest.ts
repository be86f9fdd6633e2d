/**
 * Words longer than this get no "did you mean": nobody mistypes a 64-character key, and the
 * edit distance costs |a|·|b| cells (a 30,000-character name against another took 9·10⁸).
 */
export const MAX_SUGGEST_LENGTH = 64;

/** The most edits two words may be apart to count as a typo: a third of the longer word, at least 2. */
function typoLimit(a: string, b: string): number {
  return Math.max(2, Math.floor(Math.max(a.length, b.length) / 3));
}

/**
 * "Did you mean" support: the candidate closest to `word` by Levenshtein distance (case
 * ignored; ties to the code-point smaller one) among those close enough to be a plausible typo
 * (distance at most a third of the longer word, minimum 2), or undefined. Words and candidates
 * over {@link MAX_SUGGEST_LENGTH} characters are not compared, and each comparison stops as soon
 * as it exceeds its limit, so the cost is bounded whatever the input.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_SUGGEST_LENGTH) return undefined;
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    if (c.length > MAX_SUGGEST_LENGTH) continue;
    const d = distance(w, c.toLowerCase(), typoLimit(word, c));
    if (d < bestDist || (d === bestDist && d !== Infinity && best !== undefined && c < best)) {
      best = c;
      bestDist = d;
    }
  }
  return bestDist === Infinity ? undefined : best;
}

/**
 * The `n` candidates closest to `word` (for "nearest ones" lists), nearest first, ties in
 * code-point order. Only the first {@link MAX_SUGGEST_LENGTH} characters of each side are compared.
 */
export function closest(word: string, candidates: Iterable<string>, n = 3): string[] {
  const w = word.slice(0, MAX_SUGGEST_LENGTH).toLowerCase();
  return [...candidates]
    .map((c) => ({ c, d: distance(w, c.slice(0, MAX_SUGGEST_LENGTH).toLowerCase()) }))
    .sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : 1))
    .slice(0, n)
    .map((x) => x.c);
}

/**
 * Levenshtein edit distance (insert, delete, substitute all cost 1). With `max`, any distance
 * over `max` is returned as Infinity, and the work is cut short: words whose lengths differ by
 * more than `max` are not compared, and rows stop once every cell exceeds `max`.
 */
export function distance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (cur[j]! < rowMin) rowMin = cur[j]!;
    }
    if (rowMin > max) return Infinity;
    prev = cur;
  }
  return prev[b.length]! > max ? Infinity : prev[b.length]!;
}
