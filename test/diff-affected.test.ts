import { describe, expect } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { compileDiff } from "../src/pipeline/diff.js";
import { commitSource, resolveCommit } from "../src/repo/git.js";
import { cachedCheck } from "../src/cache/cached-check.js";
import { memoryCache } from "../src/cache/store.js";
import { readRepoWith } from "../src/load/repo.js";
import { renderMarkdown } from "../src/report/markdown.js";
import { EDITS, lockedRepo, withProblems } from "./fixtures/edits.js";
import { git, gitRepo, ownRepo, writeTree, type Files } from "./helpers.js";

/**
 * Runs the diff of `before` → `after` both ways (affected-only, and compiling both sides whole),
 * with the head committed or left in the working tree, and returns both runs.
 */
function bothWays(before: Files, after: Files, commit: boolean) {
  const dir = gitRepo(before);
  try {
    for (const f of Object.keys(before)) if (!(f in after)) rmSync(join(dir, f));
    writeTree(dir, Object.fromEntries(Object.entries(after).filter(([f, text]) => before[f] !== text)));
    if (commit) {
      git(dir, "add", "-A");
      git(dir, "commit", "-qm", "head", "--allow-empty");
    }
    const base = resolveCommit(dir, commit ? "HEAD~1" : "HEAD");
    const head = commit ? resolveCommit(dir, "HEAD") : null;
    // A cache as a check of the base left it (CI on the default branch), then used by the diff.
    const warm = memoryCache();
    cachedCheck(readRepoWith(commitSource(dir, base)), warm);
    // A cache a diff of the same commits left: every blob's digest known, so both sides are
    // listed by digest and only what the run needs is read.
    const again = memoryCache();
    compileDiff(dir, base, head, { cache: again });
    const rerun = compileDiff(dir, base, head, { cache: again });
    return {
      affectedOnly: compileDiff(dir, base, head),
      full: compileDiff(dir, base, head, { full: true }),
      cold: compileDiff(dir, base, head, { cache: memoryCache() }),
      warm: compileDiff(dir, base, head, { cache: warm }),
      rerun,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What every run must share with the whole diff: the change set (as `diff --format json` prints
 * it), the comment, both sides' diagnostics (the affected-only run without a cache, and with a
 * cold cache, a warm one a check left, and one a diff of the same commits left).
 */
function expectSame({ full, ...others }: ReturnType<typeof bothWays>): void {
  for (const [name, run] of Object.entries(others)) {
    expect(JSON.stringify(run.changes, null, 2), name).toBe(JSON.stringify(full.changes, null, 2));
    expect(renderMarkdown(run.changes), name).toEqual(renderMarkdown(full.changes));
    expect(run.head.diagnostics, name).toEqual(full.head.diagnostics);
    expect(run.base.diagnostics, name).toEqual(full.base.diagnostics);
  }
  expect(others.affectedOnly.base.tenants.map((t) => t.tenant.id)).toEqual(full.base.tenants.map((t) => t.tenant.id));
}

/** Each example runs six diffs of a git repository: more than the default test timeout allows on a slow runner. */
const DIFFS_TIMEOUT = 120_000;

describe("an affected-only diff gives what a whole diff gives", () => {
  test.prop(
    [fc.record({ packs: fc.integer({ min: 8, max: 12 }), versions: fc.integer({ min: 1, max: 3 }), tenants: fc.integer({ min: 4, max: 10 }) }), fc.constantFrom(...EDITS), fc.nat(), fc.boolean()],
    { numRuns: 12 },
  )("after any edit of a generated repository, committed or in the working tree, compiling fewer base tenants", (size, edit, pick, commit) => {
    const before = withProblems(lockedRepo(size.packs, size.versions, size.tenants), pick * 7 + 3);
    const runs = bothWays(before, edit(before, pick).files, commit);
    expectSame(runs);
    expect(runs.affectedOnly.baseTenantsCompiled).toBeLessThanOrEqual(runs.full.baseTenantsCompiled);
  }, DIFFS_TIMEOUT);

  test.prop([fc.constantFrom(...EDITS), fc.nat(), fc.boolean()], { numRuns: 8 })("after any edit of the repository's own packs and tenants", (edit, pick, commit) => {
    const before = withProblems(ownRepo(), pick * 5 + 1);
    expectSame(bothWays(before, edit(before, pick).files, commit));
  }, DIFFS_TIMEOUT);

  test("with no change: every tenant unchanged, and no base tenant compiled", () => {
    const before = lockedRepo(8, 2, 5);
    const runs = bothWays(before, before, true);
    expectSame(runs);
    expect(runs.affectedOnly.baseTenantsCompiled).toBe(0);
    expect(runs.affectedOnly.changes.tenants.map((t) => t.status)).toEqual(Array(5).fill("unchanged"));
  });
});
