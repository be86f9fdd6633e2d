import { describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { git, gitRepo, ownRepo, ROOT } from "./helpers.js";

// The npm package as people adopt it: `npm pack`, installed from the tarball into an empty
// project, then the CLI by `npx packc`, the API by `import ... from "packc"`, and its types
// compiled by TypeScript in a consumer file.

describe("the npm package", () => {
  const dest = mkdtempSync(join(tmpdir(), "packc-pack-"));
  const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dest], { cwd: ROOT, encoding: "utf8" })) as { filename: string; files: { path: string }[] }[];
  const files = packed[0]!.files.map((f) => f.path).sort();
  const tarball = join(dest, packed[0]!.filename);

  it("ships the CLI, its source map, the API's types, the schemas, the license and the notices, and not the Action's bundle or the sources", () => {
    for (const f of ["LICENSE", "README.md", "THIRD_PARTY_NOTICES.md", "bin/packc.js", "dist/api.d.ts", "dist/cli.js", "dist/cli.js.map", "package.json", "schemas/tenant.schema.json", "schemas/editor/tenant.schema.json"]) expect(files).toContain(f);
    expect(files.filter((f) => f.startsWith("dist/action") || f.startsWith("src/") || f.startsWith("test/") || f.startsWith(".github/"))).toEqual([]);
  });

  it("installed from the tarball in an empty project: npx packc check, the API, and its types in a consumer file", () => {
    const project = mkdtempSync(join(tmpdir(), "packc-consumer-"));
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    const install = spawnSync("npm", ["install", tarball, "--ignore-scripts", "--no-audit", "--no-fund", "--offline"], { cwd: project, encoding: "utf8" });
    expect(install.status, install.stderr).toBe(0);
    expect(readdirSync(join(project, "node_modules")).sort()).toEqual([".bin", ".package-lock.json", "packc"]); // no runtime dependency: everything is bundled

    const repo = gitRepo(ownRepo());
    const npx = spawnSync("npx", ["--no", "packc", "check", "--repo", repo, "--no-cache"], { cwd: project, encoding: "utf8" });
    expect(npx.status, npx.stderr).toBe(0);
    expect(npx.stdout).toMatch(/^no problems \(17 pack versions, 9 tenants\)$/m);

    writeFileSync(
      join(project, "use.mjs"),
      `import { check, compile, version } from "packc";\nconst r = await check({ repo: process.argv[2], cache: false });\nconst c = await compile({ repo: process.argv[2], out: "compiled" });\nconsole.log(JSON.stringify({ version, summary: r.summary, conformance: r.conformance.length, written: c.written }));\n`,
    );
    const api = spawnSync(process.execPath, ["use.mjs", repo], { cwd: project, encoding: "utf8" });
    expect(api.status, api.stderr).toBe(0);
    expect(api.stderr).toBe(""); // the API prints nothing
    const out = JSON.parse(api.stdout) as { version: string; summary: unknown; conformance: number; written: number };
    expect(out).toMatchObject({ summary: { errors: 0, warnings: 0, packs: 17, tenants: 9 }, conformance: 3 });
    expect(out.written).toBeGreaterThan(20);

    writeFileSync(
      join(project, "consumer.ts"),
      [
        `import { check, compile, diff, version, type ChangeSet, type Diagnostic, type Report } from "packc";`,
        `const report: Report = await check({ repo: ".", tenants: ["acme"], cache: false });`,
        `const first: Diagnostic | undefined = report.diagnostics[0];`,
        `const line: number | undefined = first?.line;`,
        `const errors: number = report.summary.errors;`,
        `const written: number | null = (await compile({ out: "compiled" })).written;`,
        `const changes: ChangeSet = (await diff({ base: "main" })).changes;`,
        `// @ts-expect-error: diff needs a base`,
        `await diff({});`,
        `// @ts-expect-error: the cache is a directory or false`,
        `await check({ cache: true });`,
        `export const used = [version, line, errors, written, changes.tenants.length];`,
      ].join("\n"),
    );
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "es2022", module: "nodenext", moduleResolution: "nodenext", strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ["consumer.ts"] }));
    const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", project], { cwd: project, encoding: "utf8" });
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
  }, 120_000);
});

describe("the Action's release script (scripts/release-action.js)", () => {
  const script = join(ROOT, "scripts/release-action.js");
  const release = (dir: string, ...args: string[]) => spawnSync(process.execPath, [script, "--cwd", dir, ...args], { encoding: "utf8" });
  const withVersion = (dir: string, version: string) => {
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "packc", version }));
    git(dir, "commit", "-qam", `packc ${version}`);
  };

  it("creates v1.x.y, moves v1 with each release, pushes both, and refuses a dirty tree, a tag that exists and a v1 that would move backwards", () => {
    const origin = mkdtempSync(join(tmpdir(), "packc-origin-"));
    git(origin, "init", "-q", "--bare");
    const dir = gitRepo({ "package.json": JSON.stringify({ name: "packc", version: "1.0.0" }), "dist/action.js": "// built\n" });
    git(dir, "remote", "add", "origin", origin);
    const tagged = (name: string) => git(dir, "rev-parse", `refs/tags/${name}^{commit}`);

    const first = release(dir);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain("git push origin v1.0.0 && git push --force origin v1");
    expect(tagged("v1.0.0")).toBe(git(dir, "rev-parse", "HEAD"));
    expect(tagged("v1")).toBe(git(dir, "rev-parse", "HEAD"));

    expect(release(dir).stderr).toContain("v1.0.0 exists already");
    writeFileSync(join(dir, "dist/action.js"), "// edited\n");
    expect(release(dir).stderr).toContain("uncommitted changes");
    git(dir, "checkout", "--", ".");

    withVersion(dir, "1.1.0");
    const second = release(dir, "--push");
    expect(second.status, second.stderr).toBe(0);
    expect(tagged("v1")).toBe(git(dir, "rev-parse", "HEAD"));
    expect(tagged("v1.0.0")).toBe(git(dir, "rev-parse", "HEAD~1"));
    expect(git(origin, "rev-parse", "refs/tags/v1^{commit}")).toBe(git(dir, "rev-parse", "HEAD"));
    expect(git(origin, "rev-parse", "refs/tags/v1.1.0^{commit}")).toBe(git(dir, "rev-parse", "HEAD"));

    // A release from a branch that does not contain v1's commit would move v1 backwards.
    git(dir, "checkout", "-q", "-b", "old", "HEAD~1");
    withVersion(dir, "1.0.1");
    const backwards = release(dir);
    expect(backwards.status).toBe(1);
    expect(backwards.stderr).toContain("which HEAD does not descend from");
    expect(ok(dir, "refs/tags/v1.0.1")).toBe(false);

    withVersion(dir, "1.0.2-rc.1");
    expect(release(dir).stderr).toContain("is not MAJOR.MINOR.PATCH");
  });
});

/** Whether `ref` names something in the repository at `dir`. */
function ok(dir: string, ref: string): boolean {
  return spawnSync("git", ["-C", dir, "rev-parse", "--verify", "--quiet", ref]).status === 0;
}
