import type { ChangeSet } from "../diff/changes.js";
import { escapeControls } from "../util/controls.js";

/**
 * `packc diff` for a terminal: a verdict line, then per changed tenant its pack changes,
 * decision flips, changed keys, new and resolved problems, and the unified diff. Control
 * characters in any field are written as visible escapes. Pure.
 */
export function renderDiffText(cs: ChangeSet): string {
  const changed = cs.tenants.filter((t) => t.status !== "unchanged");
  const flips = changed.reduce((n, t) => n + t.flips.length, 0);
  const out = [`packc diff ${cs.base.slice(0, 12)}..${cs.head === "working tree" ? "working tree" : cs.head.slice(0, 12)}: ${changed.length} tenant(s) changed, ${flips} decision flip(s), ${cs.tenants.length - changed.length} unaffected${cs.headErrors ? `; head has ${cs.headErrors} error(s)` : ""}`];
  const show = (v: unknown) => (v === undefined ? "(none)" : JSON.stringify(v));
  for (const t of changed) {
    out.push("", `tenant ${t.tenant} (${t.status}${t.compiles.head ? "" : ", does not compile"})`);
    for (const p of t.packs) {
      if (p.change === "changed") out.push(`  pack ${p.id} ${p.to} edited in place (released versions are immutable)`);
      else out.push(`  pack ${p.id} ${p.change}${p.from ? ` from ${p.from}` : ""}${p.to ? ` to ${p.to}` : ""}${p.sections?.length ? ` [${p.sections.join(", ")}]` : ""}`);
    }
    for (const f of t.flips) out.push(`  FLIP ${f.kind} ${f.name}: ${f.old ? `${f.old.decision} (${f.old.rule ?? "default"})` : "-"} -> ${f.new ? `${f.new.decision} (${f.new.rule ?? "default"})` : "-"}`);
    for (const c of [...t.config, ...t.domain, ...t.platform]) out.push(`  ${c.pointer}: ${show(c.old)} -> ${show(c.new)}${c.setBy ? ` (set by ${c.setBy})` : ""}`);
    for (const d of t.diagnostics.added) out.push(`  new ${d.severity} ${d.code} ${d.file}:${d.line} ${d.message}`);
    for (const d of t.diagnostics.resolved) out.push(`  resolved ${d.code} ${d.file} ${d.message}`);
    if (t.diff) out.push(...t.diff.replace(/\n$/, "").split("\n").map((l) => `  ${l}`));
  }
  for (const d of cs.repo.added) out.push(`new ${d.severity} ${d.code} ${d.file}:${d.line} ${d.message}`);
  for (const d of cs.repo.resolved) out.push(`resolved ${d.code} ${d.file} ${d.message}`);
  return out.map(escapeControls).join("\n") + "\n";
}
