import { cmp, hasErrors, makeDiagnostic, type Diagnostic } from "../../diagnostics/types.js";
import { mappingDoc } from "../../load/repo.js";
import type { Workspace } from "../../load/workspace.js";
import type { TenantPackVersion } from "../../model/domain.js";
import type { PackVersion } from "../../model/pack.js";
import type { Tenant } from "../../model/tenant.js";
import { isLifecycleFile, type Lifecycle } from "../../registry/lifecycle.js";
import { fileIntegrity } from "../../util/digest.js";
import { aliasView } from "../../validate/aliases.js";
import { validateDoc } from "../../validate/schemas.js";
import { reportView } from "./domain-pack.js";
import { tenantPackContent } from "./content.js";
import type { DomainRegistry } from "./registry.js";
import { checkTenantPack, checkTenantPackAlone } from "./tenant-rules.js";
import { domainVersionHint, isDomainVersion } from "./version.js";

/** The directory of a tenant's tenant packs, relative to the repository. */
export function tenantPackDir(tenant: string): string {
  return `tenants/${tenant}/tenant-packs`;
}

/** Tenant pack versions by tenant id, newest first, and the diagnostics of loading them. */
export interface LoadedTenantPacks {
  byTenant: ReadonlyMap<string, readonly TenantPackVersion[]>;
  diagnostics: Diagnostic[];
}

/**
 * Loads every `tenants/<id>/tenant-packs/<vMAJOR.MINOR>.json` (or `.yaml`) once (seed 000
 * "Tenant Pack Structure"; `TenantPolicyPack`, shared research §4.3): file names (PK252, PK260),
 * snake_case spellings (PK269), strict schema, `version` and `tenantId` against the file's place
 * (PK201, PK270), severities, then the cross-references against a domain pack (PK271–PK280).
 * The activated tenant pack is checked against the domain pack version it is activated with; any
 * other version against the newest non-deprecated version of its `domainName` (the real import
 * uses the latest imported one).
 */
export function loadTenantPacks(ws: Workspace, tenants: readonly Tenant[], domains: DomainRegistry, lifecycle: Lifecycle): LoadedTenantPacks {
  const diagnostics: Diagnostic[] = [];
  const byTenant = new Map<string, TenantPackVersion[]>();
  // The first tenant of each id, as a `find` per tenant pack gave (that was quadratic).
  const tenantsById = new Map<string, Tenant>();
  for (const t of tenants) if (!tenantsById.has(t.id)) tenantsById.set(t.id, t);
  for (const { tenant, version, file } of tenantPackFiles(ws, diagnostics)) {
    const own: Diagnostic[] = [];
    const tp = loadOne(ws, tenant, version, file, own);
    if (tp) {
      const t = tenantsById.get(tenant);
      const activated = t?.domain?.tenantPack === version ? t.domain : null;
      const against = activated
        ? domains.get(activated.name)?.find((p) => p.version === activated.version)
        : newestUsable(domains.get(tp.content.domainName) ?? [], lifecycle);
      own.push(...checkTenantPack(tp, against ?? null, { activatedWith: activated?.name ?? null, known: [...domains.keys()] }));
      tp.valid = !hasErrors(own);
      const list = byTenant.get(tenant) ?? [];
      list.push(tp);
      byTenant.set(tenant, list);
    }
    diagnostics.push(...own);
  }
  return { byTenant, diagnostics };
}

function loadOne(ws: Workspace, tenant: string, version: string, file: string, out: Diagnostic[]): TenantPackVersion | null {
  const original = mappingDoc(ws, file, out);
  if (!original) return null;
  const view = aliasView(original, "tenant-pack");
  out.push(...reportView(view, original));
  out.push(...validateDoc("tenant-pack", view.doc));
  const m = view.doc.value as Record<string, unknown>;
  const tp: TenantPackVersion = { tenant, version, file, doc: view.doc, integrity: fileIntegrity(ws.tree.files.get(file)!), content: tenantPackContent(m), valid: true };
  if (typeof m.version === "string") {
    const v = m.version.trim();
    if (!isDomainVersion(v)) out.push(makeDiagnostic("PK260", view.doc.locate("/version"), `version "${m.version}" is not vMAJOR.MINOR`, domainVersionHint(m.version)));
    else if (v !== version) out.push(makeDiagnostic("PK201", view.doc.locate("/version"), `version ${v} does not match its file name "${version}"`, `rename the file to ${v}.json or fix the version`));
  }
  out.push(...checkTenantPackAlone(tp));
  return tp;
}

function tenantPackFiles(ws: Workspace, out: Diagnostic[]): { tenant: string; version: string; file: string }[] {
  const found: { tenant: string; version: string; file: string }[] = [];
  for (const file of [...ws.tree.files.keys()].sort(cmp)) {
    const p = file.split("/");
    if (p[0] !== "tenants" || p[2] !== "tenant-packs" || isLifecycleFile(file)) continue;
    const at = { file, line: 1, column: 1, pointer: "" };
    const m = p.length === 4 ? /^(.*)\.(json|yaml)$/.exec(p[3]!) : null;
    if (!m) {
      out.push(makeDiagnostic("PK252", at, `${file} is not a tenant pack`, `${tenantPackDir(p[1]!)}/ holds <vMAJOR.MINOR>.json tenant packs and lifecycle.yaml only`));
      continue;
    }
    const version = m[1]!;
    if (!isDomainVersion(version)) {
      out.push(makeDiagnostic("PK260", at, `tenant pack file name "${p[3]}" is not <vMAJOR.MINOR>.json`, `rename it: ${domainVersionHint(version)}`));
      continue;
    }
    if (found.some((f) => f.tenant === p[1] && f.version === version)) {
      out.push(makeDiagnostic("PK252", at, `${file} repeats tenant pack ${version} in another format`, "keep one file per version"));
      continue;
    }
    found.push({ tenant: p[1]!, version, file });
  }
  return found;
}

function newestUsable(versions: readonly PackVersion[], lifecycle: Lifecycle): PackVersion | undefined {
  return versions.find((p) => !lifecycle.deprecation(`packs/${p.id}`, p.version)) ?? versions[0];
}
