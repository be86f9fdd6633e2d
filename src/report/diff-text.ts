import type { ChangeSet } from "../diff/changes.js";
import { escapeControls } from "../util/controls.js";
import { DIRECTION_ORDER, flipCounts } from "../diff/direction.js";

/**
 * `packc diff` for a terminal: a verdict line (flips counted by direction), then per changed
 * tenant its pack changes, decision flips (loosening ones first and marked), changed keys, new and resolved problems, and the unified diff. Control
 * characters in any field are written as visible escapes. Pure.
 */
export function renderDiffText(cs: ChangeSet): string {
  const changed = cs.tenants.filter((t) => t.status !== "unchanged");
  const flips = changed.reduce((n, t) => n + t.flips.length, 0);
  const n = flipCounts(cs);
  const directions = flips ? ` (${n.loosened} loosened, ${n.tightened} tightened${n.changed ? `, ${n.changed} otherwise` : ""})` : "";
  const out = [`packc diff ${cs.base.slice(0, 12)}..${cs.head === "working tree" ? "working tree" : cs.head.slice(0, 12)}: ${changed.length} tenant(s) changed, ${flips} decision flip(s)${directions}, ${cs.tenants.length - changed.length} unaffected${cs.headErrors ? `; head has ${cs.headErrors} error(s)` : ""}`];
  const show = (v: unknown) => (v === undefined ? "(none)" : JSON.stringify(v));
  for (const t of changed) {
    out.push("", `tenant ${t.tenant} (${t.status}${t.compiles.head ? "" : ", does not compile"})`);
    for (const p of t.packs) {
      if (p.change === "changed") out.push(`  pack ${p.id} ${p.to} edited in place (released versions are immutable)`);
      else if (p.change === "added") out.push(`  pack ${p.id} added at ${p.to}`);
      else if (p.change === "removed") out.push(`  pack ${p.id} removed (was ${p.from})`);
      else out.push(`  pack ${p.id} ${p.change} from ${p.from} to ${p.to}${p.sections?.length ? ` [${p.sections.join(", ")}]` : ""}`);
    }
    if (t.uncomposed) out.push(`  the ${t.uncomposed} has no config for this tenant (it does not resolve or lock there), so the configs are not compared`);
    if (t.rules.length) out.push(`  policy rules changed: ${t.rules.join(", ")}`);
    if (t.workflows.length) out.push(`  workflows changed: ${t.workflows.join(", ")}`);
    for (const f of [...t.flips].sort((a, b) => DIRECTION_ORDER[a.direction] - DIRECTION_ORDER[b.direction])) out.push(`  FLIP${f.direction === "changed" ? "" : ` (${f.direction === "loosened" ? "LOOSENS" : "tightens"})`} ${f.kind} ${f.name}: ${f.old ? `${f.old.decision} (${f.old.rule ?? "default"})` : "-"} -> ${f.new ? `${f.new.decision} (${f.new.rule ?? "default"})` : "-"}`);
    for (const c of [...t.config, ...t.domain, ...t.platform]) out.push(`  ${c.pointer}: ${show(c.old)} -> ${show(c.new)}${c.setBy ? ` (set by ${c.setBy})` : ""}`);
    for (const d of t.diagnostics.added) out.push(`  new ${d.severity} ${d.code} ${d.file}:${d.line} ${d.message}`);
    for (const d of t.diagnostics.resolved) out.push(`  resolved ${d.code} ${d.file} ${d.message}`);
    if (t.diff) out.push(...t.diff.replace(/\n$/, "").split("\n").map((l) => `  ${l}`));
  }
  for (const d of cs.repo.added) out.push(`new ${d.severity} ${d.code} ${d.file}:${d.line} ${d.message}`);
  for (const d of cs.repo.resolved) out.push(`resolved ${d.code} ${d.file} ${d.message}`);
  return out.map(escapeControls).join("\n") + "\n";
}
