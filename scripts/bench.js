// Benchmark of the cost users pay: the built CLI (bin/packc.js → dist/cli.js) as a separate,
// cold process on repositories of realistic shapes (scripts/bench-repo.ts), against a floor
// process that reads and parses the same files once (scripts/bench-floor.js), alternated in the
// same run. For `lock`, `check` and `compile` it reports the median wall and CPU time (user +
// system, every thread), their ratios to the floor's, and the peak RSS; for `compile` also the
// ratio to a floor that writes an output of the same shape as well (scripts/bench-floor.js
// --write-like), since the compiled output is larger than the inputs.
//
// Usage: npm run bench [-- --size small|medium|large|all] [--runs 3] [--tenants N] [--packs N] [--keep]
//   --size     the repository (default small; the sizes: small 20 packs x 3 versions and
//              50 tenants, medium 200 x 5 and 1,000, large 500 x 5 and 10,000)
//   --runs     rounds; each round runs the floor, lock, check, compile and the writing floor once (default 3)
//   --tenants  override the size's tenant count (to see how cost and memory grow per tenant)
//   --packs    override the size's pack count (each with the size's versions: how cost grows per pack version)
//   --keep     keep the generated repository and print its path
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { register } from "tsx/esm/api";

register();
const { benchRepo, SIZES } = await import("./bench-repo.ts");
const { workspace } = await import("../src/load/workspace.ts");
const { compileWorkspace } = await import("../src/pipeline/compile.ts");
const { canonicalJson } = await import("../src/util/canonical-json.ts");

const root = fileURLToPath(new URL("..", import.meta.url));
const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const sizeName = option("size", "small");
const runs = Number(option("runs", "3"));
const tenantsOverride = option("tenants", undefined);
const packsOverride = option("packs", undefined);
const keep = process.argv.includes("--keep");
const names = sizeName === "all" ? ["small", "medium", "large"] : [sizeName];
for (const n of names) if (!SIZES[n]) throw new Error(`--size ${n}: expected small, medium, large or all`);

/** Writes the repository of `size` with every tenant's lockfile (as `packc lock` writes it) into a new directory. */
function generate(size) {
  const files = benchRepo(size);
  const bytes = (m) => new Map([...m].map(([k, v]) => [k, new TextEncoder().encode(v)]));
  for (const t of compileWorkspace(workspace({ files: bytes(files), problems: [] }), { mode: "lock" }).tenants) {
    if (t.lockfile) files.set(t.tenant.lockFile, canonicalJson(t.lockfile));
  }
  const dir = mkdtempSync(join(tmpdir(), "packc-bench-"));
  for (const [p, text] of files) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return { dir, files: files.size };
}

const rusage = join(mkdtempSync(join(tmpdir(), "packc-rusage-")), "r.json");

/**
 * Runs one process cold (`node --import bench-rusage.mjs script args`); its wall and CPU ms, peak
 * RSS MiB. The disk is settled first (`sync`, untimed), so the write-back of the output an
 * earlier process wrote does not compete with this one for the two cores.
 */
function measure(script, args, expectCode) {
  spawnSync("sync");
  rmSync(rusage, { force: true });
  const started = performance.now();
  const r = spawnSync(process.execPath, ["--import", join(root, "scripts/bench-rusage.mjs"), script, ...args], { env: { ...process.env, BENCH_RUSAGE: rusage, CI: "true" }, encoding: "utf8", maxBuffer: 1 << 30 });
  const wall = performance.now() - started;
  if (r.status !== expectCode) throw new Error(`${script} ${args.join(" ")}: exit ${r.status}\n${r.stderr.slice(0, 2000)}${r.stdout.slice(0, 2000)}`);
  const u = JSON.parse(readFileSync(rusage, "utf8"));
  return { wall, cpu: u.cpuMs, rss: u.maxRssKiB / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cli = join(root, "bin/packc.js");

for (const name of names) {
  const size = { ...SIZES[name], ...(tenantsOverride ? { tenants: Number(tenantsOverride) } : {}), ...(packsOverride ? { packs: Number(packsOverride) } : {}) };
  const { dir, files } = generate(size);
  process.stderr.write(`bench ${name}: ${size.packs} packs x ${size.versions} versions, ${size.tenants} tenants, ${files} files in ${dir}\n`);
  const samples = { floor: [], lock: [], check: [], compile: [], floorWrite: [] };
  for (let round = 0; round < runs; round++) {
    samples.floor.push(measure(join(root, "scripts/bench-floor.js"), [dir], 0));
    samples.lock.push(measure(cli, ["lock", "--repo", dir], 0));
    samples.check.push(measure(cli, ["check", "--repo", dir], 0));
    samples.compile.push(measure(cli, ["compile", "--repo", dir], 0));
    samples.floorWrite.push(measure(join(root, "scripts/bench-floor.js"), [dir, "--write-like", join(dir, "compiled")], 0));
    process.stderr.write(`  round ${round + 1}/${runs} done\n`);
  }
  const f = { wall: median(samples.floor.map((s) => s.wall)), cpu: median(samples.floor.map((s) => s.cpu)), rss: median(samples.floor.map((s) => s.rss)) };
  // A ratio is the median of the rounds' ratios, each to the floor of its own round: the
  // machine's speed drifts between rounds more than between neighbouring processes.
  const ratio = (s, key, base = samples.floor) => median(s.map((x, i) => x[key] / base[i][key]));
  console.log(`\n${name}: ${size.packs * size.versions} pack versions, ${size.tenants} tenants, ${files} files; medians of ${runs} cold runs, alternated with the floor (ratios: median of each round's ratio to that round's floor)`);
  console.log("| process | wall s | wall ÷ floor | CPU s | CPU ÷ floor | peak RSS MiB |");
  console.log("|---|---:|---:|---:|---:|---:|");
  console.log(`| floor (read + parse once) | ${(f.wall / 1000).toFixed(2)} | 1.00 | ${(f.cpu / 1000).toFixed(2)} | 1.00 | ${f.rss.toFixed(0)} |`);
  for (const command of ["lock", "check", "compile"]) {
    const s = samples[command];
    const wall = median(s.map((x) => x.wall));
    const cpu = median(s.map((x) => x.cpu));
    const rss = median(s.map((x) => x.rss));
    console.log(`| packc ${command} | ${(wall / 1000).toFixed(2)} | ${ratio(s, "wall").toFixed(2)} | ${(cpu / 1000).toFixed(2)} | ${ratio(s, "cpu").toFixed(2)} | ${rss.toFixed(0)} |`);
  }
  const fw = { wall: median(samples.floorWrite.map((s) => s.wall)), cpu: median(samples.floorWrite.map((s) => s.cpu)) };
  console.log(`\ncompile writes an output the inputs do not hold: against a floor that also writes the same files (same paths and sizes, replacing the previous output) — floor + write ${(fw.wall / 1000).toFixed(2)} s wall, ${(fw.cpu / 1000).toFixed(2)} s CPU; packc compile ÷ it: wall ${ratio(samples.compile, "wall", samples.floorWrite).toFixed(2)}, CPU ${ratio(samples.compile, "cpu", samples.floorWrite).toFixed(2)}`);
  if (keep) console.log(`repository kept at ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
rmSync(dirname(rusage), { recursive: true, force: true });
