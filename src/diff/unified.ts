import { createTwoFilesPatch } from "diff";

/** Bounds of one unified diff: `diff`'s own abort options (milliseconds, edit length in lines). */
export const DIFF_BOUNDS = { timeout: 2000, maxEditLength: 20000 } as const;

/**
 * A unified diff (3 lines of context) of two texts computed with `diff` (jsdiff) under
 * {@link DIFF_BOUNDS}. Returns null text when they are equal; when the bound is hit it returns a
 * summary line instead (`truncated`), so a huge change never stalls or floods the report.
 */
export function boundedDiff(oldName: string, newName: string, a: string, b: string): { text: string | null; truncated: boolean } {
  if (a === b) return { text: null, truncated: false };
  const patch = createTwoFilesPatch(oldName, newName, a, b, undefined, undefined, { context: 3, ...DIFF_BOUNDS });
  if (patch === undefined) {
    const lines = (s: string) => (s ? s.split("\n").length - 1 : 0);
    return { text: `diff too large to show (${lines(a)} → ${lines(b)} lines); see the change set above`, truncated: true };
  }
  return { text: patch.split("\n").filter((l) => !/^=+$/.test(l)).join("\n"), truncated: false };
}
