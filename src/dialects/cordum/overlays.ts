import { makeDiagnostic } from "../../diagnostics/types.js";
import type { SourceDoc } from "../../load/source-doc.js";
import type { PackVersion } from "../../model/pack.js";
import type { SafetyPolicy } from "../../model/policy.js";
import { escapeToken, pointer } from "../../util/json-pointer.js";
import { isRecord, loadPackFile, str } from "../pack-files.js";
import { resolveInside } from "../../util/paths.js";
import type { PackContext } from "../types.js";
import { duplicate } from "./manifest.js";
import { lintPolicy } from "./policy-lint.js";

const ALLOWED: Record<"pools" | "timeouts", readonly string[]> = { pools: ["topics", "pools"], timeouts: ["topics", "workflows"] };

/**
 * Loads `overlays.config[]` (JSON merge patches on the scheduler's `pools`/`timeouts`, shared
 * research §1.5) and `overlays.policy[]` (policy fragments, §1.6), applying the installer's
 * rules: supported key and strategy (PK220, PK224), allowed top-level keys (PK221), namespaced
 * topic, workflow and pool keys (PK222, PK205), glob topic keys in pools (PK223), and the
 * policy checks of `lintPolicy`.
 */
export function loadOverlays(ctx: PackContext, pack: PackVersion, overlays: Record<string, unknown>): void {
  const names = new Set<string>();
  (Array.isArray(overlays.config) ? overlays.config : []).forEach((o, i) => {
    if (!isRecord(o)) return;
    const p = pointer(["overlays", "config", i]);
    const name = str(o.name);
    if (name && names.has(name)) ctx.report(duplicate(ctx, `${p}/name`, `config overlay "${name}"`));
    names.add(name);
    const key = str(o.key).trim().toLowerCase();
    if (key !== "pools" && key !== "timeouts") {
      ctx.report(makeDiagnostic("PK220", ctx.manifest.locate(`${p}/key`), `unsupported config overlay key "${str(o.key)}"`, "config overlays may target only pools or timeouts"));
      return;
    }
    if (o.strategy !== undefined && str(o.strategy) !== "" && str(o.strategy) !== "json_merge_patch") {
      ctx.report(makeDiagnostic("PK220", ctx.manifest.locate(`${p}/strategy`), `unsupported overlay strategy "${str(o.strategy)}"`, "use strategy: json_merge_patch"));
    }
    const doc = typeof o.path === "string" ? loadPackFile(ctx, o.path, `${p}/path`) : null;
    if (!doc) return;
    checkPatch(ctx, pack.id, key, doc);
    pack.configOverlays.push({ name: name || key, key, file: doc.file, patch: doc.value as Record<string, unknown> });
  });
  loadFragments(ctx, pack, overlays.policy);
}

function checkPatch(ctx: PackContext, id: string, key: "pools" | "timeouts", doc: SourceDoc): void {
  const patch = doc.value as Record<string, unknown>;
  const basePools = isRecord(ctx.base.config.pools) && isRecord(ctx.base.config.pools.pools) ? ctx.base.config.pools.pools : {};
  for (const [top, section] of Object.entries(patch)) {
    if (!ALLOWED[key].includes(top)) {
      ctx.report(makeDiagnostic("PK221", doc.locate(`/${escapeToken(top)}`, "key"), `a ${key} overlay may not set "${top}"`, `allowed: ${ALLOWED[key].join(", ")}`));
      continue;
    }
    if (!isRecord(section)) continue;
    for (const entry of Object.keys(section)) {
      const at = () => doc.locate(`/${top}/${escapeToken(entry)}`, "key");
      if (top === "topics") {
        if (!entry.startsWith(`job.${id}.`)) ctx.report(makeDiagnostic("PK222", at(), `topic key "${entry}" must start with "job.${id}."`));
        if (key === "pools" && /[*?[]/.test(entry)) ctx.report(makeDiagnostic("PK223", at(), `pools topic key "${entry}" is a glob; the scheduler routes by exact topic`, "list each topic explicitly"));
      } else if (top === "workflows" && !entry.startsWith(`${id}.`)) {
        ctx.report(makeDiagnostic("PK222", at(), `workflow key "${entry}" must start with "${id}."`));
      } else if (top === "pools" && !entry.startsWith(id) && !Object.hasOwn(basePools, entry)) {
        ctx.report(makeDiagnostic("PK205", at(), `pool "${entry}" must start with "${id}"`, `rename it to "${id}-${entry}" or route to a pool the base config defines`));
      }
    }
  }
}

function loadFragments(ctx: PackContext, pack: PackVersion, list: unknown): void {
  const baseHasRules = (ctx.base.policy.rules ?? []).length > 0;
  (Array.isArray(list) ? list : []).forEach((o, i) => {
    if (!isRecord(o)) return;
    const p = pointer(["overlays", "policy", i]);
    const strategy = str(o.strategy);
    if (strategy !== "" && strategy !== "bundle_fragment") {
      ctx.report(makeDiagnostic("PK224", ctx.manifest.locate(`${p}/strategy`), `unsupported policy overlay strategy "${strategy}"`, "use strategy: bundle_fragment"));
      return;
    }
    const key = `${pack.id}/${str(o.name) || "default"}`;
    if (pack.policyFragments.some((f) => f.key === key)) ctx.report(duplicate(ctx, `${p}/name`, `policy fragment "${key}"`));
    if (typeof o.path === "string" && emptyFragment(ctx, o.path)) {
      // The kernel skips an empty fragment (it contributes no rule), so it is not an error.
      ctx.report(makeDiagnostic("PK508", ctx.manifest.locate(`${p}/path`), `policy fragment "${o.path}" is empty: the safety kernel skips it, so it contributes no rule`, "write the fragment's rules, or remove it from overlays.policy"));
      return;
    }
    const doc = typeof o.path === "string" ? loadPackFile(ctx, o.path, `${p}/path`) : null;
    if (!doc) {
      pack.valid = false;
      return;
    }
    const lint = lintPolicy(doc, baseHasRules);
    lint.diagnostics.forEach(ctx.report);
    if (!lint.loadable) return;
    const content = new TextDecoder().decode(ctx.ws.tree.files.get(doc.file));
    pack.policyFragments.push({ key, file: doc.file, content, policy: doc.value as SafetyPolicy });
  });
}

/**
 * Whether the fragment file at `rel` (inside the pack) exists and holds nothing: only whitespace
 * or comments, so it parses to no value. The kernel skips such a fragment (seed 003, safety
 * kernel's fragment loading) instead of failing the bundle.
 */
function emptyFragment(ctx: PackContext, rel: string): boolean {
  const file = resolveInside(ctx.pack.dir, rel);
  const parsed = file === null ? undefined : ctx.ws.parse(file);
  if (parsed === undefined || parsed.diagnostics.length > 0 || parsed.doc.value !== null) return false;
  const text = new TextDecoder().decode(ctx.ws.tree.files.get(file!));
  return text.split("\n").every((line) => line.trim() === "" || line.trim().startsWith("#"));
}
