import { describe, expect, it } from "vitest";
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readRepoWith } from "../src/load/repo.js";
import { changedPaths, changedSource, commitSource, resolveCommit } from "../src/repo/git.js";
import { emptyTree } from "../src/repo/fs-tree.js";
import { workingTree } from "../src/repo/source.js";
import { statIndex } from "../src/cache/stat-index.js";
import { memoryCache } from "../src/cache/store.js";
import { lockedRepo } from "./fixtures/edits.js";
import { git, gitRepo } from "./helpers.js";

// A diff between two commits lists the base from the head's listing and the raw difference,
// instead of listing the base again: it must see exactly the files a listing of the base sees.

describe("a base commit listed from the head's listing", () => {
  it("reads and lists what a listing of the base gives, after edits, additions, deletions and mode changes", () => {
    const files = lockedRepo(6, 2, 3);
    const dir = gitRepo(files);
    try {
      const base = resolveCommit(dir, "HEAD");
      const tenant = Object.keys(files).find((f) => f.endsWith("tenant.yaml"))!;
      const pack = Object.keys(files).find((f) => f.startsWith("packs/") && f.split("/").length >= 4)!;
      writeFileSync(join(dir, tenant), `${files[tenant]}# edited\n`);
      rmSync(join(dir, pack));
      rmSync(join(dir, "tenants", tenant.split("/")[1]!, "packs.lock.json"), { force: true });
      mkdirSync(join(dir, "packs/new-pack/1.0.0"), { recursive: true });
      writeFileSync(join(dir, "packs/new-pack/1.0.0/pack.yaml"), "id: new-pack\n");
      chmodSync(join(dir, "packc.yaml"), 0o755);
      git(dir, "add", "-A");
      git(dir, "commit", "-qm", "head");
      const head = resolveCommit(dir, "HEAD");

      const headSource = commitSource(dir, head);
      const derived = changedSource(dir, headSource, head, base);
      const listed = commitSource(dir, base);
      expect(derived.changed).toEqual(changedPaths(dir, base, head));
      expect(derived.changed).toContain(pack);
      expect(derived.changed).toContain("packc.yaml");
      const a = readRepoWith(derived.source, emptyTree());
      const b = readRepoWith(listed, emptyTree());
      expect([...a.tree.files.keys()].sort()).toEqual([...b.tree.files.keys()].sort());
      for (const [f, bytes] of b.tree.files) expect(Buffer.compare(a.tree.files.get(f)!, bytes)).toBe(0);
      for (const rel of ["", "packs", "tenants", "packs/new-pack", pack.split("/").slice(0, 3).join("/"), tenant.split("/").slice(0, 2).join("/")]) {
        expect(derived.source.list(rel)).toEqual(listed.list(rel));
      }
      expect(derived.source.list("packs/new-pack")).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// With the cache's stat index, a working tree's untracked files under packs/ and tenants/ are
// found from packc's own listings, not git's scan: they must be exactly what git lists.

describe("untracked files found from the working tree's listing", () => {
  it("are git's untracked files: ignored files, ignored directories, negations, links, new directories and files beside packs/ as git lists them", () => {
    const files = lockedRepo(4, 2, 3);
    const dir = gitRepo(files);
    try {
      const base = resolveCommit(dir, "HEAD");
      const tenant = Object.keys(files).find((f) => f.endsWith("tenant.yaml"))!;
      const pack = Object.keys(files).find((f) => f.startsWith("packs/") && f.split("/").length >= 4)!;
      const packDir = pack.split("/").slice(0, 3).join("/");
      writeFileSync(join(dir, ".gitignore"), ["*.swp", "packs/scratch/", "packs/ignored-all/*", "!packs/ignored-all/kept.yaml", "tenants/*/notes/", "!tenants/*/notes/again.yaml", ""].join("\n"));
      for (const [path, text] of [
        [`${packDir}/extra.yaml`, "a: 1\n"],
        [`${packDir}/.edit.swp`, "x"],
        ["packs/scratch/1.0.0/pack.yaml", "id: scratch\n"],
        ["packs/ignored-all/drop.yaml", "a: 1\n"],
        ["packs/ignored-all/kept.yaml", "a: 1\n"],
        ["packs/brand-new/1.0.0/pack.yaml", "id: brand-new\n"],
        [`tenants/${tenant.split("/")[1]}/notes/again.yaml`, "a: 1\n"],
        ["tenants/new-tenant/tenant.yaml", "id: new-tenant\n"],
        ["packs/stray.yaml", "a: 1\n"],
        ["config/new-base.yaml", "a: 1\n"],
        ["NOTES.md", "notes\n"],
      ] as const) {
        mkdirSync(join(dir, path, ".."), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      symlinkSync("../../packc.yaml", join(dir, "packs/brand-new/link.yaml"));
      writeFileSync(join(dir, tenant), `${files[tenant]}# edited\n`);
      rmSync(join(dir, pack));
      const byGit = changedPaths(dir, base);
      const byListing = changedPaths(dir, base, null, { list: workingTree(dir, statIndex(memoryCache())).list });
      expect(byListing).toEqual(byGit);
      expect(byGit).toEqual(expect.arrayContaining([pack, tenant, `${packDir}/extra.yaml`, "packs/ignored-all/kept.yaml", "packs/brand-new/link.yaml", "tenants/new-tenant/tenant.yaml", "packs/stray.yaml", ".gitignore", "NOTES.md"]));
      for (const hidden of [`${packDir}/.edit.swp`, "packs/scratch/1.0.0/pack.yaml", "packs/ignored-all/drop.yaml"]) expect(byGit).not.toContain(hidden);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("untracked files limited to what packc reads", () => {
  it("leaves out those outside the inputs (a compiled output in the working tree), by git's scan and by the listing alike", () => {
    const files = lockedRepo(2, 1, 1);
    const dir = gitRepo(files);
    try {
      const base = resolveCommit(dir, "HEAD");
      for (const [path, text] of [
        ["compiled/tenants/t1/active-config.json", "{}"],
        ["docs/notes.md", "notes\n"],
        ["packs/new-pack/1.0.0/pack.yaml", "id: new-pack\n"],
        ["tenants/new-tenant/tenant.yaml", "id: new-tenant\n"],
        ["config/base.yaml", "a: 1\n"],
      ] as const) {
        mkdirSync(join(dir, path, ".."), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const inputs = ["packc.yaml", "config/base.yaml", "packs", "tenants"];
      const wanted = ["config/base.yaml", "packs/new-pack/1.0.0/pack.yaml", "tenants/new-tenant/tenant.yaml"];
      // Without `inputs`, everything untracked (what a caller that reads more would need).
      expect(changedPaths(dir, base)).toEqual(expect.arrayContaining([...wanted, "compiled/tenants/t1/active-config.json", "docs/notes.md"]));
      expect(changedPaths(dir, base, null, { inputs })).toEqual(wanted);
      expect(changedPaths(dir, base, null, { inputs, list: workingTree(dir, statIndex(memoryCache())).list })).toEqual(wanted);
      // A walk the caller declines (no tracked pack changed) is git's scan, with the same answer.
      expect(changedPaths(dir, base, null, { inputs, list: workingTree(dir).list, walkIf: () => false })).toEqual(wanted);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("untracked files found from the listing, beside a submodule", () => {
  it("are git's answer too when git check-ignore cannot answer for a path inside the submodule", () => {
    const files = lockedRepo(2, 1, 1);
    const dir = gitRepo(files);
    const sub = gitRepo({ "a.yaml": "a: 1\n" });
    try {
      git(dir, "-c", "protocol.file.allow=always", "submodule", "add", "-q", sub, "packs/vendored");
      git(dir, "commit", "-qm", "submodule");
      const base = resolveCommit(dir, "HEAD");
      writeFileSync(join(dir, "packs/vendored/new.yaml"), "b: 2\n");
      writeFileSync(join(dir, "tenants/new.yaml"), "c: 3\n");
      const byGit = changedPaths(dir, base);
      expect(byGit).toContain("tenants/new.yaml");
      expect(changedPaths(dir, base, null, { list: workingTree(dir, statIndex(memoryCache())).list })).toEqual(byGit);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(sub, { recursive: true, force: true });
    }
  });
});
