import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { locked } from "./fixtures/edit.js";
import { MINI } from "./fixtures/mini.js";
import { cli, git, ownRepo, ROOT, writeTree, type Files } from "./helpers.js";
import { removeListed, removeTree } from "../src/emit/write.js";

// The built CLI, run as users run it, on whole repositories: nothing packc did not write is ever
// deleted, a run outside a repository fails instead of reporting success, and every file-system
// instant of a write leaves a usable state.

/** sha256 over every path, file's bytes and link target under `dir` (links not followed). */
function treeDigest(dir: string): string {
  const h = createHash("sha256");
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(dir, r));
      if (st.isSymbolicLink()) h.update(`L ${r} ${readlinkSync(join(dir, r))}\n`);
      else if (st.isDirectory()) {
        h.update(`D ${r}\n`);
        walk(r);
      } else h.update(`F ${r} ${createHash("sha256").update(readFileSync(join(dir, r))).digest("hex")}\n`);
    }
  };
  walk("");
  return h.digest("hex");
}

/** Every entry under `dir` whose name marks a packc temporary (`.packc-new-`, `.packc-old-`, `.packc-lock`, `.packc-<pid>-`). */
function temporaries(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (/\.packc-(new|old|lock|\d)/.test(name)) out.push(r);
      if (lstatSync(join(dir, r)).isDirectory() && name !== ".git") walk(r);
    }
  };
  walk("");
  return out;
}

/**
 * A temporary directory `top` holding `a/b/repo/` (a git repository of `files`) and files of
 * someone else's at each level; `parent` is `a/b`. Nested so that even a broken packc that
 * replaced `--out ../..` would only reach into this test's own directory.
 */
function workspaceWith(files: Files): { top: string; parent: string; repo: string } {
  const top = mkdtempSync(join(tmpdir(), "packc-safety-"));
  const parent = join(top, "a", "b");
  const repo = join(parent, "repo");
  mkdirSync(parent, { recursive: true });
  writeFileSync(join(top, "a", "more-work.txt"), "mine too\n");
  writeTree(repo, files);
  writeFileSync(join(parent, "someone-elses-work.txt"), "uncommitted work\n");
  git(repo, "init", "-q");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "base");
  writeFileSync(join(repo, "uncommitted.txt"), "not yet committed\n");
  return { top, parent, repo };
}

const OWN = ownRepo();

describe("compile --out never replaces what packc did not write", () => {
  const { top, parent, repo } = workspaceWith(OWN);
  mkdirSync(join(repo, "notes"));
  writeFileSync(join(repo, "notes", "todo.md"), "mine\n");
  writeFileSync(join(repo, "a-file"), "x\n");
  symlinkSync("loop", join(repo, "loop"));
  symlinkSync("notes", join(repo, "notes-link"));

  it.each([
    ["..", /holding the repository/],
    ["../..", /holding the repository/],
    [".", /the repository itself/],
    ["config", /contains config\/system\.yaml, an input/],
    ["packc.yaml", /is a file/],
    [".git", /is \.git, an input/],
    [".git/objects", /lies inside \.git/],
    ["packs", /is packs, an input/],
    ["tenants/acme", /lies inside tenants/],
    ["notes", /holds files packc did not write \(todo\.md\)/],
    ["notes-link", /symbolic link/],
    ["loop", /symbolic link/],
    ["a-file/compiled", /is a file, so nothing can be written under it/],
    ["config/../packs", /is packs, an input/],
  ])("--out %s: exit 2, nothing deleted", (out, message) => {
    const before = treeDigest(top);
    const r = cli(["compile", "--repo", repo, "--out", out]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(treeDigest(top)).toBe(before);
  });

  it("an absolute --out naming the directory above the repository is refused too", () => {
    const before = treeDigest(top);
    const r = cli(["compile", "--repo", repo, "--out", parent]);
    expect(r.code).toBe(2);
    expect(treeDigest(top)).toBe(before);
  });

  it("replaces a compiled output packc wrote, and an empty directory, but keeps a file someone added to it", () => {
    expect(cli(["compile", "--repo", repo]).code).toBe(0);
    expect(cli(["compile", "--repo", repo]).code).toBe(0);
    mkdirSync(join(repo, "empty"));
    expect(cli(["compile", "--repo", repo, "--out", "empty"]).code).toBe(0);
    expect(existsSync(join(repo, "empty", "index.json"))).toBe(true);
    writeFileSync(join(repo, "compiled", "README.md"), "my notes about the output\n");
    const r = cli(["compile", "--repo", repo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds files packc did not write \(README\.md\)/);
    expect(readFileSync(join(repo, "compiled", "README.md"), "utf8")).toBe("my notes about the output\n");
  });

  it("keeps a file someone added deep inside a compiled output: the check before the swap reads every file", () => {
    rmSync(join(repo, "compiled", "README.md"));
    expect(cli(["compile", "--repo", repo]).code).toBe(0);
    const tenant = readdirSync(join(repo, "compiled", "tenants"))[0]!;
    writeFileSync(join(repo, "compiled", "tenants", tenant, "notes.md"), "mine\n");
    const r = cli(["compile", "--repo", repo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`holds files packc did not write \\(tenants/${tenant}/notes\\.md\\)`));
    expect(readFileSync(join(repo, "compiled", "tenants", tenant, "notes.md"), "utf8")).toBe("mine\n");
    rmSync(join(repo, "compiled", "tenants", tenant, "notes.md"));
    expect(cli(["compile", "--repo", repo]).code).toBe(0);
    expect(existsSync(join(repo, "compiled", "tenants", tenant, "active-config.json"))).toBe(true);
  });
});

describe("removing an old or staged output (removeTree, removeListed)", () => {
  it("removes exactly a listed tree, and the whole tree when the listing no longer fits it", () => {
    const base = mkdtempSync(join(tmpdir(), "packc-remove-"));
    writeTree(join(base, "out"), { "index.json": "{}\n", "tenants/t1/active-config.json": "{}\n", "packs/p/1.0.0.json": "{}\n" });
    removeListed(join(base, "out"), { files: ["index.json", "packs/p/1.0.0.json", "tenants/t1/active-config.json"], dirs: ["tenants/t1", "tenants", "packs/p", "packs"] });
    expect(existsSync(join(base, "out"))).toBe(false);
    writeTree(join(base, "stale"), { "a.json": "{}\n", "sub/b.json": "{}\n" });
    removeListed(join(base, "stale"), { files: ["gone.json", "a.json"], dirs: [] });
    expect(existsSync(join(base, "stale"))).toBe(false);
  });


  it("removes the tree and the links in it, never what a link points to", () => {
    const base = mkdtempSync(join(tmpdir(), "packc-remove-"));
    writeTree(join(base, "elsewhere"), { "keep.txt": "mine\n", "sub/deep.txt": "mine too\n" });
    writeTree(join(base, "out"), { "tenants/t1/active-config.json": "{}\n", "packs/p/1.0.0.json": "{}\n" });
    symlinkSync(join(base, "elsewhere"), join(base, "out", "tenants", "dir-link"));
    symlinkSync(join(base, "elsewhere", "keep.txt"), join(base, "out", "file-link"));
    removeTree(join(base, "out"));
    expect(existsSync(join(base, "out"))).toBe(false);
    expect(readFileSync(join(base, "elsewhere", "keep.txt"), "utf8")).toBe("mine\n");
    expect(readFileSync(join(base, "elsewhere", "sub", "deep.txt"), "utf8")).toBe("mine too\n");
  });

  it("treats a missing directory as removed, and removes a file given in its place", () => {
    const base = mkdtempSync(join(tmpdir(), "packc-remove-"));
    expect(() => removeTree(join(base, "missing"))).not.toThrow();
    writeFileSync(join(base, "file"), "x");
    removeTree(join(base, "file"));
    expect(existsSync(join(base, "file"))).toBe(false);
  });
});

describe("the repository root is found upward, and no repository is exit 2", () => {
  const { repo } = workspaceWith(locked(MINI));

  it("a run in a subdirectory checks the repository above it and says so", () => {
    const here = cli(["check"], { cwd: join(repo, "packs", "mini", "1.0.0") });
    expect(here.code, here.stderr).toBe(0);
    expect(here.stderr).toContain(`using the packs repository at ${repo}`);
    expect(here.stdout).toContain("no problems (2 pack versions, 1 tenant)");
    const compile = cli(["compile"], { cwd: join(repo, "tenants") });
    expect(compile.code).toBe(0);
    expect(existsSync(join(repo, "compiled", "index.json"))).toBe(true);
    expect(existsSync(join(repo, "tenants", "compiled"))).toBe(false);
  });

  it.each(["check", "compile", "lock", "ls"])("%s with no repository here or above: exit 2, nothing written", (command) => {
    const empty = mkdtempSync(join(tmpdir(), "packc-nothing-"));
    const r = cli([command], { cwd: empty });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^packc: no packs repository at .* or above/);
    expect(r.stdout).not.toContain("no problems");
    expect(readdirSync(empty)).toEqual([]);
  });

  it("a --repo that does not exist is exit 2", () => {
    const r = cli(["check", "--repo", join(repo, "no-such-dir")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is not a directory");
  });
});

describe("released versions are immutable", () => {
  const INPUT = "packs/mini/1.0.0/schemas/Input.json";
  const edited = (repo: string) => writeFileSync(join(repo, INPUT), readFileSync(join(repo, INPUT), "utf8").replace('"q"', '"query"'));

  it("lock refuses to re-pin an edited released version unless --allow-edited-release", () => {
    const { repo } = workspaceWith(locked(MINI));
    edited(repo);
    const lockfile = readFileSync(join(repo, "tenants/t1/packs.lock.json"), "utf8");
    const refused = cli(["lock", "--repo", repo]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/PK308 mini@1\.0\.0 changed since it was locked .*packc lock does not re-pin an edited release/);
    expect(refused.stdout).toContain("--allow-edited-release");
    expect(readFileSync(join(repo, "tenants/t1/packs.lock.json"), "utf8")).toBe(lockfile);
    const allowed = cli(["lock", "--repo", repo, "--allow-edited-release"]);
    expect(allowed.code, allowed.stdout).toBe(0);
    expect(readFileSync(join(repo, "tenants/t1/packs.lock.json"), "utf8")).not.toBe(lockfile);
  });

  it("diff fails on an in-place edit even after a re-lock, listing the file at its changed line", () => {
    const { repo } = workspaceWith(locked(MINI));
    edited(repo);
    expect(cli(["lock", "--repo", repo, "--allow-edited-release"]).code).toBe(0);
    const r = cli(["diff", "--repo", repo, "--base", "HEAD"]);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`new error PK315 ${INPUT}:3 this change changes ${INPUT} in mini@1\\.0\\.0, a version the base [0-9a-f]{12} has already released`));
    expect(r.stdout).toContain("pack mini 1.0.0 edited in place");
    expect(r.stdout).not.toContain("changed from 1.0.0 to 1.0.0");
    const sarif = JSON.parse(cli(["diff", "--repo", repo, "--base", "HEAD", "--format", "sarif"]).stdout);
    expect(sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === "PK315").message.text).toContain("release the change as a new version (packs/mini/1.0.1/)");
  });

  it("diff passes a new version released beside the old one", () => {
    const { repo } = workspaceWith(locked(MINI));
    cpSync(join(repo, "packs/mini/1.0.0"), join(repo, "packs/mini/1.0.1"), { recursive: true });
    writeFileSync(join(repo, "packs/mini/1.0.1/pack.yaml"), readFileSync(join(repo, "packs/mini/1.0.1/pack.yaml"), "utf8").replace("version: 1.0.0", "version: 1.0.1"));
    expect(cli(["lock", "--repo", repo, "--upgrade", "mini"]).code).toBe(0);
    const r = cli(["diff", "--repo", repo, "--base", "HEAD"]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).not.toContain("PK315");
    expect(r.stdout).toContain("pack mini upgraded from 1.0.0 to 1.0.1");
  });
});

describe("a base document's path never leaves the repository through a symbolic link", () => {
  it("base.config through a linked directory is PK107, and the file's keys never reach the output", () => {
    const outside = mkdtempSync(join(tmpdir(), "packc-outside-"));
    writeFileSync(join(outside, "secret.yaml"), "pools:\n  secret_value_from_the_runner: {}\n");
    const { repo } = workspaceWith({ ...locked(MINI), "packc.yaml": "core:\n  version: 1.0.0\nbase:\n  config: etc-link/secret.yaml\n" });
    symlinkSync(outside, join(repo, "etc-link"));
    const r = cli(["check", "--repo", repo]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("etc-link/secret.yaml:1:1 error PK107 etc-link is a symbolic link and is not followed");
    expect(r.stdout).not.toContain("secret_value_from_the_runner");
  });
});

describe("file-system failures are the environment's: exit 2, one line, no stack trace", () => {
  const oneLine = (r: { code: number; stderr: string }, pattern: RegExp) => {
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  };

  it("--out whose parent is a file", () => {
    const { repo } = workspaceWith(locked(MINI));
    writeFileSync(join(repo, "notes.txt"), "x\n");
    oneLine(cli(["compile", "--repo", repo, "--out", "notes.txt/compiled"]), /notes\.txt is a file/);
  });

  it("an output directory packc may not write (EACCES, run as an unprivileged user)", () => {
    const parent = mkdtempSync(join(tmpdir(), "packc-eacces-"));
    const repo = join(parent, "repo");
    writeTree(repo, locked(MINI));
    mkdirSync(join(parent, "locked-out"));
    // An unprivileged user can read the repository and the CLI but not write the output's parent.
    const app = join(parent, "app");
    for (const f of ["bin/packc.js", "dist/cli.js", "package.json"]) cpSync(join(ROOT, f), join(app, f));
    chmodSync(parent, 0o755);
    spawnSync("chmod", ["-R", "a+rX", repo, app]);
    chmodSync(join(parent, "locked-out"), 0o555);
    const asUser = process.getuid?.() === 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", process.execPath] : [process.execPath];
    const r = spawnSync(asUser[0]!, [...asUser.slice(1), join(app, "bin/packc.js"), "compile", "--repo", repo, "--out", join(parent, "locked-out", "compiled")], { encoding: "utf8" });
    oneLine({ code: r.status ?? -1, stderr: r.stderr }, /file-system error: EACCES: permission denied.*\(check the permissions of that path\)/);
    expect(readdirSync(join(parent, "locked-out"))).toEqual([]);
  });

  it("a lockfile path that is a directory; lock is all or nothing", () => {
    const files = locked({ ...MINI, "tenants/t2/tenant.yaml": MINI["tenants/t1/tenant.yaml"]!.replace("id: t1", "id: t2") });
    delete files["tenants/t1/packs.lock.json"];
    delete files["tenants/t2/packs.lock.json"];
    const { repo } = workspaceWith(files);
    mkdirSync(join(repo, "tenants/t2/packs.lock.json"));
    const r = cli(["lock", "--repo", repo]);
    oneLine(r, /file-system error: .*packs\.lock\.json/);
    expect(existsSync(join(repo, "tenants/t1/packs.lock.json")), "t1's new lockfile was rolled back").toBe(false);
    expect(temporaries(repo)).toEqual([]);
  });
});

describe("an interrupted compile leaves the old or the new output, and the next run cleans up", () => {
  const BASE = locked(MINI);
  const NEXT = locked({ ...MINI, "packs/mini/1.0.0/overlays/timeouts.yaml": MINI["packs/mini/1.0.0/overlays/timeouts.yaml"]!.replace("10", "20") });

  let template: { repo: string; old: string; fresh: string } | undefined;
  /** A fresh copy of a repository whose compiled/ is the output of BASE, with NEXT's sources checked out. */
  function prepared(): { repo: string; old: string; fresh: string } {
    if (!template) {
      const { repo } = workspaceWith(BASE);
      expect(cli(["compile", "--repo", repo]).code).toBe(0);
      const old = treeDigest(join(repo, "compiled"));
      writeTree(repo, NEXT);
      // The new output, compiled from a copy of the same work tree (index.json records its commit and that it is dirty).
      const scratch = mkdtempSync(join(tmpdir(), "packc-next-"));
      cpSync(repo, scratch, { recursive: true });
      rmSync(join(scratch, "compiled"), { recursive: true });
      expect(cli(["compile", "--repo", scratch]).code).toBe(0);
      template = { repo, old, fresh: treeDigest(join(scratch, "compiled")) };
    }
    const repo = mkdtempSync(join(tmpdir(), "packc-kill-"));
    cpSync(template.repo, repo, { recursive: true });
    return { ...template, repo };
  }

  // The second case hands every file after the first to the write thread (emit/write-thread.ts),
  // as a compile of more than a few hundred tenants does, so its steps are killed too.
  it.each([
    ["", {}],
    [", with the files written on the write thread", { PACKC_TEST_WRITE_THREAD_AFTER: "1" }],
  ])("killed (SIGKILL) before every file-system step%s: compiled/ is complete, old or new, or recoverable; the next run completes it and leaves no temporary entry", (_, threadEnv: Record<string, string>) => {
    let finished = false;
    let steps = 0;
    let gaps = 0;
    for (let n = 1; n < 200 && !finished; n++) {
      const { repo, old, fresh } = prepared();
      const r = cli(["compile", "--repo", repo], { env: { PACKC_TEST_KILL_AT_STEP: String(n), ...threadEnv } });
      if (r.code === 0) {
        finished = true;
        steps = n - 1;
        expect(treeDigest(join(repo, "compiled"))).toBe(fresh);
        break;
      }
      expect(r.code, `step ${n}: ${r.stderr}`).toBe(-1); // killed by the signal
      const siblings = readdirSync(repo).filter((e) => e.startsWith("compiled."));
      if (existsSync(join(repo, "compiled"))) {
        expect([old, fresh], `step ${n}`).toContain(treeDigest(join(repo, "compiled")));
      } else {
        // Killed between the two renames: the new output is complete beside it, the old one aside.
        gaps++;
        expect(siblings.some((e) => e.includes(".packc-new-")) && siblings.some((e) => e.includes(".packc-old-")), `step ${n}: ${siblings}`).toBe(true);
      }
      const next = cli(["compile", "--repo", repo]);
      expect(next.code, next.stderr).toBe(0);
      expect(treeDigest(join(repo, "compiled"))).toBe(fresh);
      expect(temporaries(repo), `step ${n}`).toEqual([]);
    }
    expect(finished).toBe(true);
    expect(steps).toBeGreaterThan(5);
    expect(gaps, "only the instant between the two renames has no compiled/").toBe(1);
  }, 180_000);

  it("SIGTERM (a cancelled CI job, like Ctrl-C) while tenants compile into the staging directory ends the run at once with the old output; during the swap it lets the swap finish", () => {
    let staging = 0;
    let swap = 0;
    for (let n = 1; n < 200; n++) {
      const { repo, old, fresh } = prepared();
      const r = spawnSync(process.execPath, [join(ROOT, "bin/packc.js"), "compile", "--repo", repo], { env: { ...process.env, PACKC_TEST_KILL_AT_STEP: String(n), PACKC_TEST_KILL_SIGNAL: "SIGTERM" }, encoding: "utf8" });
      if (r.status === 0) break;
      expect(r.signal, `step ${n}: ${r.stderr}`).toBe("SIGTERM");
      if (treeDigest(join(repo, "compiled")) === old) {
        expect(swap, `step ${n}: staging steps come before the swap`).toBe(0);
        staging++;
        const next = cli(["compile", "--repo", repo]);
        expect(next.code, next.stderr).toBe(0);
        expect(treeDigest(join(repo, "compiled"))).toBe(fresh);
      } else {
        expect(treeDigest(join(repo, "compiled")), `step ${n}`).toBe(fresh);
        swap++;
      }
      expect(temporaries(repo), `step ${n}`).toEqual([]);
    }
    expect(staging).toBeGreaterThan(3);
    expect(swap).toBeGreaterThanOrEqual(3); // rename aside, rename in, remove the old one (and the lock)
  }, 120_000);

  it("a killed lock's temporary lockfile is removed by the next lock, which git add -A would otherwise pick up", () => {
    const { repo } = workspaceWith(BASE);
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    writeFileSync(join(repo, `tenants/t1/packs.lock.json.packc-${dead}-0badc0de`), "{}");
    mkdirSync(join(repo, `compiled.packc-new-${dead}-0badc0de`));
    expect(cli(["lock", "--repo", repo]).code).toBe(0);
    expect(existsSync(join(repo, `tenants/t1/packs.lock.json.packc-${dead}-0badc0de`))).toBe(false);
    expect(cli(["compile", "--repo", repo]).code).toBe(0);
    expect(temporaries(repo)).toEqual([]);
    rmSync(repo, { recursive: true, force: true });
  });
});
