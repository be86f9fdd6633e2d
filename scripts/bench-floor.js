// The benchmark's floor: a process that only reads and parses the files packc reads, once each,
// the cheapest way that keeps what a compiler needs (YAML with positions and duplicate-key
// detection, JSON.parse for JSON). packc's cost is reported as a ratio to this process's.
// Usage: node scripts/bench-floor.js REPO
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { LineCounter, parseDocument } from "yaml";

const root = process.argv[2];
let files = 0;
const visit = (rel) => {
  const abs = join(root, rel);
  let st;
  try {
    st = statSync(abs);
  } catch {
    return;
  }
  if (st.isDirectory()) {
    for (const name of readdirSync(abs).sort()) visit(rel ? `${rel}/${name}` : name);
    return;
  }
  const text = readFileSync(abs, "utf8");
  files++;
  if (rel.endsWith(".json")) JSON.parse(text);
  else if (/\.ya?ml$/.test(rel)) parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: true }).toJS();
};
for (const rel of ["packc.yaml", "config", "packs", "tenants"]) visit(rel);
if (files === 0) process.exit(2);
