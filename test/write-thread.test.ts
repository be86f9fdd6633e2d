import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stageOutput, WRITE_THREAD_AFTER } from "../src/emit/write.js";
import { environmentProblem } from "../src/cli/exit.js";
import { cli, ownRepo, ROOT, tempRepo } from "./helpers.js";

// stageOutput hands files to the write thread after a number of them (emit/write-thread.ts);
// these tests start it after the first file, so a few files exercise it.

/** Every file under `dir` with its text, by relative path. */
function tree(dir: string, rel = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) for (const [k, v] of tree(dir, r)) out.set(k, v);
    else out.set(r, readFileSync(join(dir, r), "utf8"));
  }
  return out;
}

const files = (n: number): [string, string | Uint8Array][] =>
  Array.from({ length: n }, (_, i) => [i % 3 === 0 ? `tenants/t-${i}/active-config.json` : `packs/p-${i % 7}/${i}.json`, i % 2 ? `{"n": ${i}}\n` : new TextEncoder().encode(`bytes ${i}\n`)]);

describe("the write thread", () => {
  it("starts only after a few hundred files", () => {
    expect(WRITE_THREAD_AFTER).toBeGreaterThanOrEqual(100);
  });

  it("writes the same tree as one thread, far past its queue's bound, and the swap puts it in place", () => {
    const base = mkdtempSync(join(tmpdir(), "packc-wt-"));
    const input = files(700);
    const one = stageOutput(join(base, "one"), input, 0);
    const two = stageOutput(join(base, "two"), input, 1);
    expect([one.written, two.written]).toEqual([700, 700]);
    one.commit();
    two.commit();
    const written = tree(join(base, "two"));
    expect(written.size).toBe(700);
    expect(written).toEqual(tree(join(base, "one")));
    expect(readdirSync(base).sort()).toEqual(["one", "two"]);
  });

  it("a write that fails on the thread is thrown as the file-system error it was; nothing staged or locked is left, the old output is untouched", () => {
    const base = mkdtempSync(join(tmpdir(), "packc-wt-"));
    const out = join(base, "out");
    mkdirSync(out);
    writeFileSync(join(out, "old.json"), "old\n");
    // "x" is written as a file, then "x/y" needs it to be a directory: ENOTDIR or EEXIST on the thread.
    const bad: [string, string][] = [["a.json", "a\n"], ["b.json", "b\n"], ["x", "file\n"], ["x/y.json", "y\n"], ["z.json", "z\n"]];
    let thrown: unknown;
    try {
      stageOutput(out, bad, 1);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as NodeJS.ErrnoException).code).toMatch(/^(ENOTDIR|EEXIST)$/);
    expect(environmentProblem(thrown)).toMatch(/^file-system error: /);
    expect(readdirSync(base)).toEqual(["out"]);
    expect(tree(out)).toEqual(new Map([["old.json", "old\n"]]));
    // The lock is released: the next run stages and commits.
    stageOutput(out, [["new.json", "new\n"]], 1).commit();
    expect(tree(out)).toEqual(new Map([["new.json", "new\n"]]));
  });

  it("an error of the producer while the thread writes removes the staging directory after the thread stops", () => {
    const base = mkdtempSync(join(tmpdir(), "packc-wt-"));
    const out = join(base, "out");
    function* producer(): Generator<[string, string]> {
      for (let i = 0; i < 300; i++) yield [`tenants/t-${i}/active-config.json`, `${i}\n`];
      throw new Error("a tenant failed to compile");
    }
    expect(() => stageOutput(out, producer(), 1)).toThrow("a tenant failed to compile");
    expect(readdirSync(base)).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  it("where threads may not be started (Node's permission model without --allow-worker), compile writes on its own thread and the output is the same", () => {
    const permission = process.allowedNodeEnvironmentFlags.has("--permission") ? "--permission" : "--experimental-permission";
    const repo = tempRepo(ownRepo());
    expect(cli(["compile", "--repo", repo, "--out", join(repo, "plain")]).code).toBe(0);
    const r = spawnSync(process.execPath, [permission, "--allow-fs-read=*", "--allow-fs-write=*", "--allow-child-process", join(ROOT, "bin/packc.js"), "compile", "--repo", repo, "--out", join(repo, "confined")], {
      env: { ...process.env, PACKC_TEST_WRITE_THREAD_AFTER: "1" },
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    expect(tree(join(repo, "confined"))).toEqual(tree(join(repo, "plain")));
  });
});
