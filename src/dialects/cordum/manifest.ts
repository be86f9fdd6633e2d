import semver from "semver";
import { makeDiagnostic, type Diagnostic } from "../../diagnostics/types.js";
import type { PackVersion } from "../../model/pack.js";
import { packIntegrity } from "../../util/digest.js";
import { pointer } from "../../util/json-pointer.js";
import { validateDoc } from "../../validate/schemas.js";
import { isRecord, str, strings } from "../pack-files.js";
import { checkIdentity, semverHint } from "../identity.js";
import { emptyPack, partial, type PackContext } from "../types.js";
import { loadOverlays } from "./overlays.js";
import { loadResources } from "./resources.js";
import { loadSimulations } from "./simulations.js";

/**
 * Loads a Cordum `pack.yaml` (seed 003, shared research §1.2–§1.3) into the normalized model and
 * applies the rules that need only the pack: identity (PK201, PK208), compatibility (PK206,
 * PK207), naming (PK202–PK204), duplicates (PK209), then resources, overlays and simulations.
 * Unknown keys are PK116 warnings because the installer's YAML decoding ignores them.
 */
export function loadCordum(ctx: PackContext): PackVersion | null {
  const m = ctx.manifest.value as Record<string, unknown>;
  validateDoc("cordum-pack", ctx.manifest, { lenient: true }).forEach(ctx.report);
  const meta = isRecord(m.metadata) ? m.metadata : {};
  const id = str(meta.id);
  const version = str(meta.version);
  if (!id || !version) return null;

  const pack = emptyPack("cordum", ctx.pack, ctx.manifest.file, ctx.manifestOnly ? "" : packIntegrity(ctx.ws.tree.files, ctx.pack.dir, ctx.pack.files));
  pack.title = str(meta.title);
  pack.description = str(meta.description);
  checkIdentity(ctx, id, version, "/metadata/id", "/metadata/version");
  pack.requiresCore = coreRange(ctx, isRecord(m.compatibility) ? m.compatibility : {});
  if (ctx.manifestOnly) return partial(pack);
  pack.topics = topics(ctx, id, m.topics);
  loadResources(ctx, pack, isRecord(m.resources) ? m.resources : {});
  loadOverlays(ctx, pack, isRecord(m.overlays) ? m.overlays : {});
  loadSimulations(ctx, pack, isRecord(m.tests) ? m.tests.policySimulations : undefined);
  return pack;
}

function coreRange(ctx: PackContext, compat: Record<string, unknown>): string | null {
  if (compat.protocolVersion !== undefined && compat.protocolVersion !== 1) {
    ctx.report(makeDiagnostic("PK206", ctx.manifest.locate("/compatibility/protocolVersion"), `protocolVersion ${JSON.stringify(compat.protocolVersion)} is not supported`, "set protocolVersion: 1 (the CAP protocol version)"));
  }
  const bounds: string[] = [];
  const parsed: Record<string, string> = {};
  for (const [key, op] of [["minCoreVersion", ">="], ["maxCoreVersion", "<="]] as const) {
    const raw = compat[key];
    if (typeof raw !== "string") continue;
    // The installer accepts a leading `v` and `X.Y` (lenient parse); anything else is an error.
    const v = semver.valid(raw) ?? (/^v?\d+\.\d+(\.\d+)?$/.test(raw.trim()) ? semver.coerce(raw)?.version : null);
    if (!v) {
      ctx.report(makeDiagnostic("PK207", ctx.manifest.locate(`/compatibility/${key}`), `${key} "${raw}" is not SemVer`, semverHint(raw)));
      continue;
    }
    parsed[key] = v;
    bounds.push(`${op}${v}`);
  }
  if (parsed.minCoreVersion && parsed.maxCoreVersion && semver.gt(parsed.minCoreVersion, parsed.maxCoreVersion)) {
    ctx.report(makeDiagnostic("PK207", ctx.manifest.locate("/compatibility/maxCoreVersion"), `maxCoreVersion ${parsed.maxCoreVersion} is below minCoreVersion ${parsed.minCoreVersion}`));
  }
  return bounds.length ? bounds.join(" ") : null;
}

function topics(ctx: PackContext, id: string, raw: unknown): PackVersion["topics"] {
  const out: PackVersion["topics"] = [];
  const seen = new Set<string>();
  (Array.isArray(raw) ? raw : []).forEach((t, i) => {
    if (!isRecord(t) || typeof t.name !== "string") return;
    const p = pointer(["topics", i, "name"]);
    checkPrefix(ctx, "PK202", p, t.name, `job.${id}.`, `topic "${t.name}"`);
    if (seen.has(t.name)) ctx.report(duplicate(ctx, p, `topic "${t.name}"`));
    seen.add(t.name);
    out.push({ name: t.name, capability: str(t.capability), riskTags: strings(t.riskTags), requires: strings(t.requires), pointer: pointer(["topics", i]) });
  });
  return out;
}

/** Reports `code` at `p` unless `value` starts with `prefix` (and has more after it, for topics). */
export function checkPrefix(ctx: PackContext, code: "PK202" | "PK203" | "PK204", p: string, value: string, prefix: string, what: string): void {
  if (value.startsWith(prefix) && value.length > prefix.length) return;
  ctx.report(makeDiagnostic(code, ctx.manifest.locate(p), `${what} must start with "${prefix}"`, `rename it to "${prefix}${value.split(/[./]/).pop() || "name"}"`));
}

/** A PK209 duplicate diagnostic at `p` in the manifest. */
export function duplicate(ctx: PackContext, p: string, what: string): Diagnostic {
  return makeDiagnostic("PK209", ctx.manifest.locate(p), `${what} is declared twice`, "remove or rename one of them");
}
