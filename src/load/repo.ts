import semver from "semver";
import { makeDiagnostic, type Diagnostic } from "../diagnostics/types.js";
import { isRecord, str } from "../dialects/pack-files.js";
import type { PlatformCapabilities } from "../model/platform.js";
import type { SafetyPolicy } from "../model/policy.js";
import type { DomainActivation, Tenant } from "../model/tenant.js";
import { emptyTree, readPath, type FileTree, type StatIndex } from "../repo/fs-tree.js";
import { lazyTree } from "../repo/lazy-files.js";
import { workingTree, type RepoSource } from "../repo/source.js";
import { escapeToken } from "../util/json-pointer.js";
import { resolveInside } from "../util/paths.js";
import { validateDoc } from "../validate/schemas.js";
import { lintPolicy } from "../dialects/cordum/policy-lint.js";
import { parseBytes } from "./parse.js";
import type { SourceDoc } from "./source-doc.js";
import { workspace, type Workspace } from "./workspace.js";

/** The settings file at the repository root. */
export const SETTINGS_FILE = "packc.yaml";

/**
 * The scheduler's bootstrap config when the repository names no base config (cordum
 * config/pools.yaml and config/timeouts.yaml defaults, shared research §1.5).
 */
export const DEFAULT_BASE_CONFIG = {
  pools: { topics: { "job.default": "default" }, pools: { default: { requires: [] } } },
  timeouts: { reconciler: { dispatch_timeout_seconds: 300, running_timeout_seconds: 9000, scan_interval_seconds: 30 } },
};

/**
 * Reads the files packc compiles from a working tree: `packc.yaml`, `packs/`, `tenants/`, and
 * the base config and policy files `packc.yaml` names (when they stay inside the repository).
 * The only file-system read of a compile. With `index` (a cache's, `cache/stat-index.ts`),
 * files whose `lstat` it knows are listed with their digest and read only when a stage needs
 * their bytes.
 */
export function readRepo(root: string, index?: StatIndex): Workspace {
  return readRepoWith(workingTree(root, index), index ? lazyTree() : emptyTree());
}

/** `readRepo` over any source of files (the working tree, a commit from `repo/git.ts`, memory), into `tree`. */
export function readRepoWith(source: RepoSource, tree: FileTree = emptyTree()): Workspace {
  source.read([SETTINGS_FILE, "packs", "tenants"], tree);
  source.read(baseDocuments(tree).filter((file) => !tree.files.has(file)), tree);
  return workspace(tree);
}

/**
 * The repository-relative paths packc reads, given the base documents `packc.yaml` names:
 * `packc.yaml`, those documents, `packs` and `tenants` (`readRepo` reads nothing else; a change
 * anywhere else reaches nothing, `impact/affected.ts`).
 */
export function inputPaths(baseDocuments: readonly string[]): string[] {
  return [SETTINGS_FILE, ...baseDocuments, "packs", "tenants"];
}

/** {@link baseDocuments} of the working tree at `root`, reading only `packc.yaml`. */
export function baseDocumentsAt(root: string): string[] {
  const tree = emptyTree();
  readPath(root, SETTINGS_FILE, tree);
  return baseDocuments(tree);
}

/**
 * The base config and policy files `packc.yaml` names (`base.config`, `base.policy`), as
 * repository-relative paths, when they stay inside the repository. Pure over the tree.
 */
export function baseDocuments(tree: FileTree): string[] {
  const settings = tree.files.get(SETTINGS_FILE);
  if (!settings) return [];
  const value = parseBytes(SETTINGS_FILE, settings).doc.value;
  const base = isRecord(value) && isRecord(value.base) ? value.base : {};
  const out: string[] = [];
  for (const key of ["config", "policy"]) {
    const file = typeof base[key] === "string" ? resolveInside("", base[key]) : null;
    if (file) out.push(file);
  }
  return out;
}

/** Repository-wide inputs: settings, base documents and tenants. */
export interface RepoInputs {
  coreVersion: string | null;
  baseConfig: Record<string, unknown>;
  baseConfigFile: string | null;
  basePolicy: SafetyPolicy;
  basePolicyDoc: SourceDoc | null;
  /** The PALM runtime `runtime.palm.capabilities` declares (MAPLE's PlatformCapabilities), or null. */
  palmRuntime: PlatformCapabilities | null;
  tenants: Tenant[];
  diagnostics: Diagnostic[];
}

/**
 * Loads settings, the base config and policy (defaults when absent) and every tenant, or only
 * the tenants `tenantIds` names (a scoped run: the others' records are not even validated). Pure.
 */
export function loadInputs(ws: Workspace, tenantIds?: ReadonlySet<string>): RepoInputs {
  const diagnostics: Diagnostic[] = [...ws.tree.problems];
  const inputs: RepoInputs = { coreVersion: null, baseConfig: structuredClone(DEFAULT_BASE_CONFIG), baseConfigFile: null, basePolicy: {}, basePolicyDoc: null, palmRuntime: null, tenants: [], diagnostics };
  const settings = mappingDoc(ws, SETTINGS_FILE, diagnostics);
  if (settings) {
    const schema = validateDoc("packc", settings);
    diagnostics.push(...schema);
    const s = settings.value as Record<string, unknown>;
    const palm = isRecord(s.runtime) && isRecord(s.runtime.palm) ? s.runtime.palm.capabilities : undefined;
    if (isRecord(palm) && !schema.some((d) => d.pointer.startsWith("/runtime"))) inputs.palmRuntime = palm as unknown as PlatformCapabilities;
    const core = isRecord(s.core) ? str(s.core.version) : "";
    if (core) inputs.coreVersion = checkCore(settings, "/core/version", core, diagnostics);
    const base = isRecord(s.base) ? s.base : {};
    const config = baseDoc(ws, settings, base, "config", diagnostics);
    if (config) {
      diagnostics.push(...validateDoc("system-config", config));
      inputs.baseConfig = config.value as Record<string, unknown>;
      inputs.baseConfigFile = config.file;
    }
    const policy = baseDoc(ws, settings, base, "policy", diagnostics);
    if (policy) {
      const lint = lintPolicy(policy, false);
      diagnostics.push(...lint.diagnostics);
      if (lint.loadable) {
        inputs.basePolicy = policy.value as SafetyPolicy;
        inputs.basePolicyDoc = policy;
      }
    }
  }
  inputs.tenants = loadTenants(ws, inputs.coreVersion, diagnostics, tenantIds);
  return inputs;
}

function baseDoc(ws: Workspace, settings: SourceDoc, base: Record<string, unknown>, key: "config" | "policy", out: Diagnostic[]): SourceDoc | null {
  const rel = base[key];
  if (typeof rel !== "string") return null;
  const at = () => settings.locate(`/base/${key}`);
  const file = resolveInside("", rel);
  if (file === null) {
    out.push(makeDiagnostic("PK106", at(), `base.${key} "${rel}" escapes the repository`, "use a path relative to the repository root"));
    return null;
  }
  if (!ws.has(file)) {
    // Not read for a reason already reported (a symbolic link on the way, too large, unreadable).
    if (ws.tree.problems.some((p) => p.file === file)) return null;
    out.push(makeDiagnostic("PK109", at(), `base.${key} file "${rel}" does not exist`, "create the file or fix the path"));
    return null;
  }
  return mappingDoc(ws, file, out);
}

/** The parsed mapping document at `file`, or null (absent, unparsable: diagnostics added). */
export function mappingDoc(ws: Workspace, file: string, out: Diagnostic[]): SourceDoc | null {
  const parsed = ws.parse(file);
  if (!parsed) return null;
  out.push(...parsed.diagnostics);
  if (parsed.doc.value === undefined) return null;
  if (!isRecord(parsed.doc.value)) {
    out.push(makeDiagnostic("PK113", parsed.doc.locate(""), `${file} must hold a mapping at the top level`));
    return null;
  }
  return parsed.doc;
}

function checkCore(doc: SourceDoc, p: string, v: string, out: Diagnostic[]): string | null {
  if (semver.valid(v) === v) return v;
  out.push(makeDiagnostic("PK208", doc.locate(p), `core version "${v}" is not SemVer`, "write it as MAJOR.MINOR.PATCH"));
  return null;
}

const validRanges = new Map<string, boolean>();

/** Whether `range` is a SemVer range, memoized: tenants repeat the same few ranges. */
function validRange(range: string): boolean {
  let ok = validRanges.get(range);
  if (ok === undefined) {
    ok = semver.validRange(range, { includePrerelease: true }) !== null;
    validRanges.set(range, ok);
  }
  return ok;
}

function activation(v: unknown): DomainActivation | null {
  if (!isRecord(v)) return null;
  const [name, version, tenantPack] = [str(v.name).trim(), str(v.version).trim(), str(v.tenantPack).trim()];
  return name && version && tenantPack ? { name, version, tenantPack } : null;
}

function loadTenants(ws: Workspace, defaultCore: string | null, out: Diagnostic[], only?: ReadonlySet<string>): Tenant[] {
  const dirs = new Set<string>();
  const lockDirs = new Set<string>();
  for (const f of ws.tree.files.keys()) {
    const parts = f.split("/");
    if (parts[0] === "tenants" && parts.length >= 3) dirs.add(parts[1]!);
    if (parts[0] === "tenants" && parts.length >= 4 && parts[2] === "packs.lock.json") lockDirs.add(parts.slice(0, 3).join("/"));
  }
  const tenants: Tenant[] = [];
  for (const id of [...dirs].sort()) {
    if (only && !only.has(id)) continue;
    const dir = `tenants/${id}`;
    const file = `${dir}/tenant.yaml`;
    if (!ws.has(file)) {
      out.push(makeDiagnostic("PK109", { file: dir, line: 1, column: 1, pointer: "" }, `${dir} has no tenant.yaml`, "add tenant.yaml with id and status"));
      continue;
    }
    const doc = mappingDoc(ws, file, out);
    if (!doc) continue;
    const schema = validateDoc("tenant", doc);
    out.push(...schema);
    const t = doc.value as Record<string, unknown>;
    if (typeof t.id === "string" && t.id !== id) out.push(makeDiagnostic("PK309", doc.locate("/id"), `tenant id "${t.id}" does not match its directory "${id}"`, `set id: ${id}`));
    const core = typeof t.core === "string" ? checkCore(doc, "/core", t.core, out) : defaultCore;
    const requests = isRecord(t.packs)
      ? Object.entries(t.packs).filter((e): e is [string, string] => typeof e[1] === "string").map(([pid, range]) => ({ id: pid, range, pointer: `/packs/${escapeToken(pid)}` }))
      : [];
    for (const r of requests) {
      if (!validRange(r.range)) {
        out.push(makeDiagnostic("PK243", doc.locate(r.pointer), `"${r.range}" is not a valid SemVer range`, 'write e.g. "^1.2.0" or ">=1.0.0 <2.0.0"'));
      }
    }
    const lockFile = `${dir}/packs.lock.json`;
    if (lockDirs.has(lockFile)) {
      out.push(makeDiagnostic("PK114", { file: lockFile, line: 1, column: 1, pointer: "" }, `${lockFile} is a directory, not a lockfile`, "remove the directory; packc lock writes the lockfile there"));
    }
    const lock = mappingDoc(ws, lockFile, out);
    if (lock) out.push(...validateDoc("lockfile", lock));
    const status = ["ACTIVE", "SUSPENDED", "ARCHIVED"].includes(str(t.status)) ? (t.status as Tenant["status"]) : "ACTIVE";
    tenants.push({ id, dir, doc, status, core, requests, lockFile, lock, domain: activation(t.domain) });
  }
  return tenants;
}
