import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../src/diagnostics/types.js";
import { workspace, type Workspace } from "../src/load/workspace.js";
import { compileWorkspace, type CompileOptions, type CompileResult } from "../src/pipeline/compile.js";

/** The project root. */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** A repository as path → text. */
export type Files = Record<string, string>;

/** An in-memory workspace from path → text (no file system involved). */
export function memoryWorkspace(files: Files): Workspace {
  const tree = { files: new Map<string, Uint8Array>(), problems: [] };
  for (const [path, text] of Object.entries(files)) tree.files.set(path, new TextEncoder().encode(text));
  return workspace(tree);
}

/** Runs the pipeline on in-memory files. */
export function compileFiles(files: Files, options: CompileOptions = { mode: "check" }): CompileResult {
  return compileWorkspace(memoryWorkspace(files), options);
}

/** Diagnostics with the given code. */
export function withCode(result: { diagnostics: Diagnostic[] }, code: string): Diagnostic[] {
  return result.diagnostics.filter((d) => d.code === code);
}

/** Reads every file under a directory into path → text. */
export function readFiles(dir: string): Files {
  const out: Files = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p).split("\\").join("/")] = readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

/** The repository's own packc.yaml, config/, packs/ and tenants/ as path → text. */
export function ownRepo(): Files {
  const out: Files = { "packc.yaml": readFileSync(join(ROOT, "packc.yaml"), "utf8") };
  for (const d of ["config", "packs", "tenants"]) for (const [p, t] of Object.entries(readFiles(join(ROOT, d)))) out[`${d}/${p}`] = t;
  return out;
}

/** Writes (or overwrites) `files` under `dir`, creating directories as needed. */
export function writeTree(dir: string, files: Files): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
}

/** Writes files into a fresh temporary directory and returns its path. */
export function tempRepo(files: Files, prefix = "packc-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeTree(dir, files);
  return dir;
}

/** Runs git in `dir` with a fixed identity; returns trimmed stdout, throws on failure. */
export const git = (dir: string, ...args: string[]): string => execFileSync("git", ["-C", dir, "-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { encoding: "utf8" }).trim();

/** A fresh git repository holding `files` in one commit. */
export function gitRepo(files: Files): string {
  const dir = tempRepo(files, "packc-git-");
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "base");
  return dir;
}

/** Copies a directory of the project (e.g. a test/repos fixture) into a temporary directory. */
export function copyToTemp(src: string): string {
  const dir = mkdtempSync(join(tmpdir(), "packc-copy-"));
  cpSync(src, dir, { recursive: true });
  return dir;
}

/** Runs the built CLI (`bin/packc.js`) as a user would; never throws. */
export function cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/packc.js"), ...args], { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `packc check --format json` on a directory: exit code and parsed report. */
export function checkJson(dir: string): { code: number; diagnostics: Diagnostic[]; stderr: string } {
  const r = cli(["check", "--repo", dir, "--format", "json"]);
  return { code: r.code, diagnostics: (JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }).diagnostics, stderr: r.stderr };
}

/**
 * The main file of a file cache (`cache/store.ts`): its own sha256 line and its JSON, parsed.
 * {@link writeCacheMain} puts an edited value back behind the same digest line, as a hand edit
 * that leaves the digest alone would.
 */
export function readCacheMain<T>(file: string): { digest: string; value: T } {
  const text = readFileSync(file, "utf8");
  const nl = text.indexOf("\n");
  return { digest: text.slice(0, nl), value: JSON.parse(text.slice(nl + 1)) as T };
}

/** Writes `value` as a cache main file behind the digest line `digest` (see {@link readCacheMain}). */
export function writeCacheMain(file: string, digest: string, value: unknown): void {
  writeFileSync(file, `${digest}\n${JSON.stringify(value)}`);
}
