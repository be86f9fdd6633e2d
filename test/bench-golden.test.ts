import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { benchRepo, SIZES } from "../scripts/bench-repo.js";
import { compiledTree } from "../src/emit/artefacts.js";
import { UNKNOWN_SOURCE } from "../src/repo/git.js";
import { workspace } from "../src/load/workspace.js";
import { compileWorkspace } from "../src/pipeline/compile.js";
import { canonicalJson } from "../src/util/canonical-json.js";
import { positionParseCount } from "../src/load/source-doc.js";
import { cli, readFiles, tempRepo } from "./helpers.js";

// The speed work must not change a single byte of what packc produces. These digests were
// recorded with the code from before it (commit "Bench of the cost users pay"), on the
// benchmark's small repository (60 pack versions, 50 tenants), so a speed-up that changes a
// lockfile, an artefact or a diagnostic fails here. When the generator changes, record them
// again with that commit's src/.
const LOCKFILES = "448475726595630bacd0634a479eaa15ccee749cae6f2de264e0d200667dddf1";
const COMPILED = "e65703c506f1f0c4634dae0f591f1a3185f52dd11b63d7e5d9c8698b55bcd17f";

/**
 * The compiled output as packc wrote it before index.json recorded the inputs' source: the
 * `source` field taken out of index.json, and SHA256SUMS's line for it updated. Every other
 * byte is as written, so the recorded digest still covers every artefact.
 */
const withoutSource = (entries: Iterable<[string, string | Uint8Array]>): [string, string | Uint8Array][] => {
  const files = new Map(entries);
  const text = (p: string) => { const v = files.get(p)!; return typeof v === "string" ? v : new TextDecoder().decode(v); };
  const index = JSON.parse(text("index.json")) as Record<string, unknown>;
  expect(index.source).toEqual({ commit: "unknown", tree: "unknown" });
  delete index.source;
  const old = createHash("sha256").update(text("index.json")).digest("hex");
  const rewritten = canonicalJson(index);
  files.set("index.json", rewritten);
  files.set("SHA256SUMS", text("SHA256SUMS").replace(`${old}  index.json`, `${createHash("sha256").update(rewritten).digest("hex")}  index.json`));
  return [...files];
};

const bytes = (m: Map<string, string>) => new Map([...m].map(([k, v]) => [k, new TextEncoder().encode(v)] as const));
const digest = (entries: Iterable<[string, string | Uint8Array]>) => {
  const h = createHash("sha256");
  for (const [p, text] of [...entries].sort(([a], [b]) => (a < b ? -1 : 1))) h.update(`${p}\0`).update(text).update("\0");
  return h.digest("hex");
};

describe("the benchmark's small repository", () => {
  const files = benchRepo(SIZES.small);
  const parsesBefore = positionParseCount();
  const locked = compileWorkspace(workspace({ files: bytes(files), problems: [] }), { mode: "lock" });
  const lockfiles = new Map<string, string>();
  for (const t of locked.tenants) if (t.lockfile) lockfiles.set(t.tenant.lockFile, canonicalJson(t.lockfile));
  const r = compileWorkspace(workspace({ files: bytes(new Map([...files, ...lockfiles])), problems: [] }), { mode: "check" });
  const positionParses = positionParseCount() - parsesBefore;

  it("is locked and checked without parsing a single file a second time for positions (no diagnostic asked for one)", () => {
    expect(positionParses).toBe(0);
  });

  it("is a repository the compiler reports no problem on, every tenant compiled", () => {
    expect(r.diagnostics).toEqual([]);
    expect(r.packs).toHaveLength(60);
    expect(r.tenants.filter((t) => t.activeConfig)).toHaveLength(50);
  });

  it("locks and compiles byte-for-byte as before the speed work", () => {
    expect(digest(lockfiles)).toBe(LOCKFILES);
    expect(digest(withoutSource(compiledTree(r, UNKNOWN_SOURCE)))).toBe(COMPILED);
  });

  it("is locked and compiled byte-for-byte the same by the built CLI, which streams tenants to disk", () => {
    const repo = tempRepo(Object.fromEntries(files));
    const lock = cli(["lock", "--repo", repo]);
    expect(lock.code, lock.stderr).toBe(0);
    expect(lock.stderr).toBe("packc: 50 lockfiles written, 0 unchanged (--verbose lists them)\n");
    const written = readFiles(join(repo, "tenants"));
    expect(digest(Object.entries(written).filter(([p]) => p.endsWith("packs.lock.json")).map(([p, text]) => [`tenants/${p}`, text] as [string, string]))).toBe(LOCKFILES);
    const check = cli(["check", "--repo", repo, "--format", "json"]);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout).diagnostics).toEqual([]);
    expect(cli(["compile", "--repo", repo]).code).toBe(0);
    expect(digest(withoutSource(Object.entries(readFiles(join(repo, "compiled")))))).toBe(COMPILED);
  });
});
