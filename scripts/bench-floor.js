// The benchmark's floor: a process that only reads and parses the files packc reads, once each,
// the cheapest way that keeps what a compiler needs (YAML with positions and duplicate-key
// detection, JSON.parse for JSON). packc's cost is reported as a ratio to this process's.
// With `--write-like DIR` it then also writes an output of the same shape as the compiled
// output DIR (the same relative paths and sizes, into a fresh sibling that replaces the
// previous one, as `packc compile` does): the least any compiler writing that output pays.
// Usage: node scripts/bench-floor.js REPO [--write-like DIR]
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
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

const i = process.argv.indexOf("--write-like");
if (i !== -1) {
  const like = process.argv[i + 1];
  const out = join(root, "floor-output");
  const fresh = `${out}.new`;
  const shape = [];
  const list = (rel) => {
    for (const e of readdirSync(join(like, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) list(r);
      else shape.push([r, statSync(join(like, r)).size]);
    }
  };
  list("");
  mkdirSync(fresh);
  const made = new Set([fresh]);
  for (const [rel, size] of shape) {
    const file = join(fresh, rel);
    if (!made.has(dirname(file))) {
      mkdirSync(dirname(file), { recursive: true });
      made.add(dirname(file));
    }
    writeFileSync(file, "x".repeat(size));
  }
  const aside = `${out}.old`;
  const had = existsSync(out);
  if (had) renameSync(out, aside);
  renameSync(fresh, out);
  if (had) rmSync(aside, { recursive: true, force: true });
}
