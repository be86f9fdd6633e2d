import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { git, gitRepo, ownRepo, ROOT, tempRepo } from "./helpers.js";

// The shipped hooks (.pre-commit-hooks.yaml) run by the real pre-commit framework, as a packs
// repository uses them: by `repo:` and `rev:` from a clone of packc, installed as pre-commit
// installs a `language: node` hook (npm pack, then npm install -g of the tarball).

const framework = spawnSync("pre-commit", ["--version"], { encoding: "utf8" });
const available = framework.status === 0;
if (!available) console.warn("pre-commit tests skipped: the pre-commit framework is not installed (.ci/run installs Debian's pre-commit package)");

/** What `npm pack` ships, with the hooks file and the lockfile, committed in a fresh repository: the packc a user's `repo:` names. */
function hookRepository(): { dir: string; rev: string } {
  const dir = mkdtempSync(join(tmpdir(), "packc-hooks-"));
  const packed = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" });
  const files = (JSON.parse(packed.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  for (const f of [...files, ".pre-commit-hooks.yaml", "package-lock.json"]) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(ROOT, f), join(dir, f));
  }
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "packc");
  return { dir, rev: git(dir, "rev-parse", "HEAD") };
}

describe.skipIf(!available)("the pre-commit hooks (pre-commit framework)", () => {
  const home = mkdtempSync(join(tmpdir(), "packc-pre-commit-home-"));
  const env = { ...process.env, PRE_COMMIT_HOME: home, PRE_COMMIT_COLOR: "never", GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };
  /** Runs a command in `dir` with the test's pre-commit home; never throws. */
  const run = (dir: string, cmd: string, ...args: string[]) => {
    const r = spawnSync(cmd, args, { cwd: dir, env, encoding: "utf8" });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };
  // One packc for both tests: pre-commit installs it once into the shared home.
  let hooks: { dir: string; rev: string };
  beforeAll(() => {
    hooks = hookRepository();
  });

  it("commits a clean change, rewrites a stale lockfile and stops the commit until it is staged, and refuses a broken pack with the diagnostic", () => {
    const repo = gitRepo({
      ...ownRepo(),
      ".pre-commit-config.yaml": `repos:\n  - repo: ${hooks.dir}\n    rev: ${hooks.rev}\n    hooks: [{ id: packc-lock }, { id: packc-check }]\n`,
    });
    const installed = run(repo, "pre-commit", "install", "--install-hooks");
    expect(installed.code, installed.out).toBe(0);

    // A clean change: a tenant's description.
    const tenant = join(repo, "tenants/acme/tenant.yaml");
    writeFileSync(tenant, readFileSync(tenant, "utf8").replace("description: ", "description: Reviewed. "));
    git(repo, "add", "-A");
    const clean = run(repo, "git", "commit", "-qm", "clean");
    expect(clean.code, clean.out).toBe(0);
    expect(clean.out).toMatch(/packc check \(what the change reaches\)\.+Passed/);

    // A request that the locked version no longer satisfies: packc-lock rewrites the lockfile and stops the commit.
    writeFileSync(tenant, readFileSync(tenant, "utf8").replace("ticket-triage: ~1.0.0", "ticket-triage: ~1.1.0"));
    git(repo, "add", "-A");
    const stale = run(repo, "git", "commit", "-qm", "stale");
    expect(stale.code, stale.out).not.toBe(0);
    expect(stale.out).toMatch(/packc lock \(rewrite stale lockfiles\)\.+Failed/);
    expect(stale.out).toContain("stage it (git add) and commit again");
    expect(readFileSync(join(repo, "tenants/acme/packs.lock.json"), "utf8")).toMatch(/"id": "ticket-triage",\n\s+"integrity": "[^"]+",\n\s+"version": "1\.1\.0"/);
    git(repo, "add", "-A");
    const staged = run(repo, "git", "commit", "-qm", "stale, then staged");
    expect(staged.code, staged.out).toBe(0);

    // A broken pack: a duplicate key. Nothing is committed, and the diagnostic is shown at its file:line.
    const manifest = join(repo, "packs/ticket-triage/1.1.0/pack.yaml");
    writeFileSync(manifest, readFileSync(manifest, "utf8").replace("  title: Ticket Triage\n", "  title: Ticket Triage\n  title: Ticket Triage again\n"));
    git(repo, "add", "-A");
    const head = git(repo, "rev-parse", "HEAD");
    const broken = run(repo, "git", "commit", "-qm", "broken");
    expect(broken.code).not.toBe(0);
    expect(broken.out).toMatch(/packc check \(what the change reaches\)\.+Failed/);
    expect(broken.out).toContain("packs/ticket-triage/1.1.0/pack.yaml:8:3 error PK102 duplicate key in mapping");
    expect(git(repo, "rev-parse", "HEAD")).toBe(head);
  }, 180_000);

  it("runs the whole check on a repository's first commit", () => {
    const repo = tempRepo({ ...ownRepo(), ".pre-commit-config.yaml": `repos:\n  - repo: ${hooks.dir}\n    rev: ${hooks.rev}\n    hooks: [{ id: packc-check }]\n` });
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    const first = run(repo, "pre-commit", "run", "--verbose");
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain("there is no commit yet");
    expect(first.out).toMatch(/no problems \(\d+ pack versions, \d+ tenants\)/);
  }, 180_000);
});
