import { describe, expect, it } from "vitest";
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readRepoWith } from "../src/load/repo.js";
import { changedPaths, changedSource, commitSource, resolveCommit } from "../src/repo/git.js";
import { emptyTree } from "../src/repo/fs-tree.js";
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
