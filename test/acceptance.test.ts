import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { validateValue } from "../src/validate/schemas.js";
import { checkJson, cli, ownRepo, readFiles, tempRepo } from "./helpers.js";
import { MINI } from "./fixtures/mini.js";

// These run the built CLI (bin/packc.js → dist/cli.js) on whole repositories, as users do.
describe("packc on the repository's own packs and tenants", () => {
  const repo = tempRepo(ownRepo());
  const run = cli(["compile", "--repo", repo]);

  const TENANTS = ["acme", "contoso-securities", "globex", "harbor-world", "initech", "ledger-bank", "northwind-markets", "swarm-lab", "TENANT_FINANCE_001"];

  it("compiles with exit 0 and writes an active config for every tenant", () => {
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const t of TENANTS) expect(existsSync(join(repo, `compiled/tenants/${t}/active-config.json`))).toBe(true);
  });

  it("writes active configs that match schemas/active-config.schema.json and have every section", () => {
    for (const t of TENANTS) {
      const config = JSON.parse(readFileSync(join(repo, `compiled/tenants/${t}/active-config.json`), "utf8"));
      expect(validateValue("active-config", config)).toEqual([]);
      expect(Object.keys(config).sort()).toEqual(["config", "core", "domain", "packs", "platform", "policy", "schemas", "simulations", "tenant", "workflows"]);
    }
  });

  it("writes SHA256SUMS that match the files", async () => {
    const { createHash } = await import("node:crypto");
    const sums = readFileSync(join(repo, "compiled/SHA256SUMS"), "utf8").trim().split("\n");
    expect(sums.length).toBeGreaterThan(3);
    for (const line of sums) {
      const [hash, path] = line.split("  ");
      expect(createHash("sha256").update(readFileSync(join(repo, "compiled", path!))).digest("hex")).toBe(hash);
    }
  });

  it("records the approval decision for incident-enricher's post topic, decided by its own rule", () => {
    const acme = JSON.parse(readFileSync(join(repo, "compiled/tenants/acme/active-config.json"), "utf8"));
    expect(acme.policy.decisions).toContainEqual(expect.objectContaining({ topic: "job.incident-enricher.post", decision: "REQUIRE_APPROVAL", rule: "incident-enricher-require-approval-post" }));
    expect(acme.simulations.every((s: { pass: boolean }) => s.pass)).toBe(true);
  });

  it("records each platform tenant's conformance results and one decision per PALM operation", () => {
    for (const [t, profile] of [["swarm-lab", "mapleverse"], ["harbor-world", "finalverse"], ["ledger-bank", "ibank"]] as const) {
      const platform = JSON.parse(readFileSync(join(repo, `compiled/tenants/${t}/active-config.json`), "utf8")).platform;
      expect(platform).toMatchObject({ profile, conformant: true });
      expect(platform.conformance.map((c: { test: string }) => c.test)).toContain(`${profile}_${profile === "ibank" ? "accountability" : profile === "finalverse" ? "safety_holds" : "fast_recovery"}`);
      expect(platform.decisions).toHaveLength(24);
      expect(platform.simulations.every((s: { pass: boolean }) => s.pass)).toBe(true);
    }
    const ibank = JSON.parse(readFileSync(join(repo, "compiled/tenants/ledger-bank/active-config.json"), "utf8")).platform;
    expect(ibank.decisions.find((d: { operation: string }) => d.operation === "force_recovery")).toMatchObject({ decision: "HOLD", rule: "policy.safety_holds.blocked_operations[4]" });
  });

  it("resolves initech's base.approvals to 1.1.0 because 2.0.0 needs a newer core", () => {
    const initech = JSON.parse(readFileSync(join(repo, "compiled/tenants/initech/active-config.json"), "utf8"));
    expect(initech.packs).toContainEqual(expect.objectContaining({ id: "base.approvals", version: "1.1.0" }));
  });
});

describe("packc ls and compiled/registry.json", () => {
  const repo = tempRepo(ownRepo());
  const compiled = cli(["compile", "--repo", repo]);
  const registry = JSON.parse(readFileSync(join(repo, "compiled/registry.json"), "utf8")) as { packs: { kind: string; id: string; version: string; status: string; domain?: string }[] };

  it("agree: ls --status DEPRECATED --format json lists exactly the registry's deprecated rows", () => {
    expect(compiled.code, compiled.stderr).toBe(0);
    const ls = cli(["ls", "--repo", repo, "--status", "DEPRECATED", "--format", "json"]);
    expect(ls.code, ls.stderr).toBe(0);
    const rows = JSON.parse(ls.stdout).packs;
    expect(rows).toEqual(registry.packs.filter((r) => r.status === "DEPRECATED"));
    expect(rows.map((r: { id: string; version: string }) => `${r.id} ${r.version}`)).toEqual(["CapitalMarketsTrading v0.9", "contoso-securities v1.0"]);
  });

  it("agree with the repository: every pack directory and tenant pack file is listed once", () => {
    const dirs = Object.keys(ownRepo()).filter((p) => p.startsWith("packs/") && p.split("/").length > 3).map((p) => p.split("/").slice(1, 3).join(" "));
    const tenantPacks = Object.keys(ownRepo()).filter((p) => /^tenants\/[^/]+\/tenant-packs\/v[0-9.]+\.json$/.test(p)).map((p) => `${p.split("/")[1]} ${p.split("/")[3]!.replace(/\.json$/, "")}`);
    expect(registry.packs.filter((r) => r.kind === "pack").map((r) => `${r.id} ${r.version}`).sort()).toEqual([...new Set(dirs)].sort());
    expect(registry.packs.filter((r) => r.kind === "tenant-pack").map((r) => `${r.id} ${r.version}`).sort()).toEqual(tenantPacks.sort());
  });

  it("prints the unfiltered listing byte-equal to registry.json", () => {
    expect(cli(["ls", "--repo", repo, "--format", "json"]).stdout).toBe(readFileSync(join(repo, "compiled/registry.json"), "utf8"));
  });

  it("filters by domain and status in any case, as the guide's listing endpoint does", () => {
    const ls = cli(["ls", "--repo", repo, "--domain", "CapitalMarketsTrading", "--status", "active"]);
    expect(ls.code).toBe(0);
    const lines = ls.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^ID\s+VERSION\s+KIND\s+DOMAIN\s+STATUS\s+TENANTS\s+DIGEST$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join(" "))).toEqual(["CapitalMarketsTrading v1.1", "CapitalMarketsTrading v1.0", "contoso-securities v1.1", "northwind-markets v1.0"]);
  });

  it("rejects an unknown status with exit 2", () => {
    const ls = cli(["ls", "--repo", repo, "--status", "RETIRED"]);
    expect(ls.code).toBe(2);
    expect(ls.stderr).toContain("ACTIVE, DEPRECATED, DRAFT");
  });
});

describe("determinism", () => {
  it("gives byte-identical output in different directories, time zones and locales", () => {
    const a = tempRepo(ownRepo(), "packc-a-");
    const b = tempRepo(ownRepo(), "packc-other-dir-");
    expect(cli(["compile", "--repo", a], { env: { TZ: "UTC", LANG: "C", LC_ALL: "C" } }).code).toBe(0);
    expect(cli(["compile", "--repo", b], { env: { TZ: "Pacific/Chatham", LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8" } }).code).toBe(0);
    expect(readFiles(join(b, "compiled"))).toEqual(readFiles(join(a, "compiled")));
  });
});

describe("nothing is lost", () => {
  it("leaves an existing compiled/ byte-for-byte untouched when the compile fails", () => {
    const repo = tempRepo(ownRepo());
    expect(cli(["compile", "--repo", repo]).code).toBe(0);
    const before = readFiles(join(repo, "compiled"));
    writeFileSync(join(repo, "packs/incident-enricher/0.1.0/overlays/policy.fragment.yaml"), "version: 1\nrules: []\n");
    const r = cli(["compile", "--repo", repo]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/existing output is untouched/);
    expect(readFiles(join(repo, "compiled"))).toEqual(before);
  });

  it("writes nothing when only the last tenant fails, after the others were already staged", () => {
    const repo = tempRepo(ownRepo());
    expect(cli(["compile", "--repo", repo]).code).toBe(0);
    const before = readFiles(join(repo, "compiled"));
    const lockPath = join(repo, "tenants/swarm-lab/packs.lock.json");
    writeFileSync(lockPath, readFileSync(lockPath, "utf8").replace(/"core": "[^"]+"/, '"core": "0.0.1"'));
    const r = cli(["compile", "--repo", repo, "--format", "json"]);
    expect(r.code).toBe(1);
    const codes = (JSON.parse(r.stdout) as { diagnostics: { code: string; file: string }[] }).diagnostics.map((d) => `${d.code} ${d.file}`);
    expect(codes).toEqual(["PK307 tenants/swarm-lab/packs.lock.json"]);
    expect(readFiles(join(repo, "compiled"))).toEqual(before);
    expect(readdirSync(repo).filter((e) => e.includes(".packc-"))).toEqual([]);
  });

  it("refuses an output directory that would overwrite the sources", () => {
    const repo = tempRepo(MINI);
    expect(cli(["compile", "--repo", repo, "--out", "packs"]).code).toBe(2);
  });
});

describe("lockfiles", () => {
  it("fails check when a lockfile is missing and passes after packc lock", () => {
    const repo = tempRepo(MINI);
    const before = checkJson(repo);
    expect(before.code).toBe(1);
    expect(before.diagnostics.map((d) => d.code)).toEqual(["PK306"]);
    expect(before.diagnostics[0]!.hint).toBe("run: packc lock --tenant t1");
    const lock = cli(["lock", "--repo", repo]);
    expect(lock.code).toBe(0);
    expect(lock.stderr).toBe("packc: 1 lockfile written, 0 unchanged (--verbose lists them)\n");
    expect(checkJson(repo).code).toBe(0);
    expect(cli(["lock", "--repo", repo]).stderr).toBe("packc: lockfiles are up to date (1 lockfile unchanged)\n");
  });

  it("lists each lockfile written with --verbose, and says nothing with --quiet", () => {
    const repo = tempRepo(MINI);
    const verbose = cli(["lock", "--repo", repo, "--verbose"]);
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toBe("packc: wrote tenants/t1/packs.lock.json\npackc: 1 lockfile written, 0 unchanged\n");
    rmSync(join(repo, "tenants/t1/packs.lock.json"));
    const quiet = cli(["lock", "--repo", repo, "--quiet"]);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe("");
    expect(existsSync(join(repo, "tenants/t1/packs.lock.json"))).toBe(true);
  });

  it("with --exit-code, exits 1 when it wrote a stale lockfile and 0 when all were up to date (the packc-lock hook)", () => {
    const repo = tempRepo(MINI);
    const stale = cli(["lock", "--repo", repo, "--exit-code", "--quiet"]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toBe("packc: a lockfile was stale and has been rewritten: stage it (git add) and commit again\n");
    expect(existsSync(join(repo, "tenants/t1/packs.lock.json"))).toBe(true);
    const fresh = cli(["lock", "--repo", repo, "--exit-code"]);
    expect(fresh.code).toBe(0);
    expect(fresh.stderr).toBe("packc: lockfiles are up to date (1 lockfile unchanged)\n");
  });

  it("writes lockfiles sorted by id with integrity digests and no timestamps", () => {
    const repo = tempRepo(MINI);
    cli(["lock", "--repo", repo]);
    const lock = JSON.parse(readFileSync(join(repo, "tenants/t1/packs.lock.json"), "utf8"));
    expect(lock.packs.map((p: { id: string }) => p.id)).toEqual(["mini", "p.base"]);
    for (const p of lock.packs) expect(p.integrity).toMatch(/^sha256-[A-Za-z0-9+/]{43}=$/);
    expect(JSON.stringify(lock)).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });
});

describe("invocation", () => {
  it("exits 2 for an unknown command, an unknown option, a bad format and a missing repo", () => {
    expect(cli(["frobnicate"]).code).toBe(2);
    expect(cli(["check", "--nope"]).code).toBe(2);
    expect(cli(["check", "--format", "xml"]).code).toBe(2);
    expect(cli(["check", "--repo", "/does/not/exist"]).code).toBe(2);
  });

  it("prints help with the exit codes", () => {
    const r = cli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exit codes: 0 no errors, 1 the input has errors/);
  });
});

describe("file-system guards", () => {
  it("reports a symbolic link (PK107), an oversized file (PK105) and invalid UTF-8 (PK114) without crashing", () => {
    const repo = tempRepo({ ...MINI });
    cli(["lock", "--repo", repo]);
    symlinkSync("/etc/hostname", join(repo, "packs/mini/1.0.0/linked.json"));
    mkdirSync(join(repo, "packs/big/1.0.0"), { recursive: true });
    writeFileSync(join(repo, "packs/big/1.0.0/pack.yaml"), "x".repeat(1024 * 1024 + 1));
    writeFileSync(join(repo, "packs/mini/1.0.0/overlays/timeouts.yaml"), Buffer.from([0x74, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    const r = checkJson(repo);
    expect(r.code).toBe(1);
    const codes = r.diagnostics.map((d) => `${d.code} ${d.file}`);
    expect(codes).toContain("PK107 packs/mini/1.0.0/linked.json");
    expect(codes).toContain("PK105 packs/big/1.0.0/pack.yaml");
    expect(codes).toContain("PK114 packs/mini/1.0.0/overlays/timeouts.yaml");
    expect(r.stderr).toBe("");
    for (const d of r.diagnostics) expect([d.line > 0, d.column > 0, typeof d.pointer]).toEqual([true, true, "string"]);
  });
});
