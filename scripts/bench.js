// Benchmark of the cost users pay: the built CLI (bin/packc.js → dist/cli.js) as a separate,
// cold process on repositories of realistic shapes (scripts/bench-repo.ts), against a floor
// process that reads and parses the same files once (scripts/bench-floor.js), alternated in the
// same run. For `lock`, `check` and `compile` it reports the median wall and CPU time (user +
// system, every thread, and the children it waits for, such as git), their ratios to the floor's, and the peak RSS; for `compile` also the
// ratio to a floor that writes an output of the same shape as well (scripts/bench-floor.js
// --write-like), since the compiled output is larger than the inputs.
//
// Usage: npm run bench [-- --size small|medium|large|all] [--runs 3] [--tenants N] [--packs N] [--keep]
//   --size     the repository (default small; the sizes: small 20 packs x 3 versions and
//              50 tenants, medium 200 x 5 and 1,000, large 500 x 5 and 10,000)
//   --runs     rounds; each round runs the floor, lock, check, compile and the writing floor once (default 3)
//   --tenants  override the size's tenant count (to see how cost and memory grow per tenant)
//   --packs    override the size's pack count (each with the size's versions: how cost grows per pack version)
//   --scoped   instead, the scoped modes against a full check in the same round: check
//              --changed-since HEAD with no change (without a cache, and with the cache a check
//              of main left) and after a one-pack change, and diff of a
//              pull request that changes one pack version (used by about 5 % of tenants) or one
//              tenant.yaml (the repository is made a git repository with those two branches),
//              check with an empty cache (a first run, writing it), check with a warm cache (no
//              change, one pack changed, one tenant.yaml changed; the cache warmed by a check
//              just before, untimed), both diffs again with a cache
//              a check of main left, and check --shard 1/4 and 2/4 (and 1/4 again after a one-pack
//              change, with the cache that shard's check of main left)
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
const scopedMode = process.argv.includes("--scoped");
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
 * Runs one process cold (`node --import bench-rusage.mjs script args`); its wall and CPU ms (and
 * the CPU's user and system parts), peak RSS MiB. The disk is settled first (`sync`, untimed),
 * so the write-back of the output an earlier process wrote does not compete with this one for
 * the two cores.
 */
function measure(script, args, expectCode) {
  spawnSync("sync");
  rmSync(rusage, { force: true });
  const started = performance.now();
  const r = spawnSync(process.execPath, ["--import", join(root, "scripts/bench-rusage.mjs"), script, ...args], { env: { ...process.env, BENCH_RUSAGE: rusage, CI: "true" }, encoding: "utf8", maxBuffer: 1 << 30 });
  const wall = performance.now() - started;
  if (expectCode === null ? r.status !== 0 && r.status !== 1 : r.status !== expectCode) throw new Error(`${script} ${args.join(" ")}: exit ${r.status}\n${r.stderr.slice(0, 2000)}${r.stdout.slice(0, 2000)}`);
  const u = JSON.parse(readFileSync(rusage, "utf8"));
  return { wall, cpu: u.cpuMs, user: u.userMs, system: u.systemMs, rss: u.maxRssKiB / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cli = join(root, "bin/packc.js");

for (const name of names) {
  const size = { ...SIZES[name], ...(tenantsOverride ? { tenants: Number(tenantsOverride) } : {}), ...(packsOverride ? { packs: Number(packsOverride) } : {}) };
  const { dir, files } = generate(size);
  process.stderr.write(`bench ${name}: ${size.packs} packs x ${size.versions} versions, ${size.tenants} tenants, ${files} files in ${dir}\n`);
  if (scopedMode) {
    benchScoped(name, size, dir, files);
    continue;
  }
  const samples = { floor: [], lock: [], check: [], compile: [], floorWrite: [] };
  for (let round = 0; round < runs; round++) {
    samples.floor.push(measure(join(root, "scripts/bench-floor.js"), [dir], 0));
    samples.lock.push(measure(cli, ["lock", "--repo", dir], 0));
    // Cold, as every round's other processes: no cache (a whole check keeps one by default).
    samples.check.push(measure(cli, ["check", "--repo", dir, "--no-cache"], 0));
    samples.compile.push(measure(cli, ["compile", "--repo", dir], 0));
    samples.floorWrite.push(measure(join(root, "scripts/bench-floor.js"), [dir, "--write-like", join(dir, "compiled")], 0));
    process.stderr.write(`  round ${round + 1}/${runs} done\n`);
  }
  const f = { wall: median(samples.floor.map((s) => s.wall)), cpu: median(samples.floor.map((s) => s.cpu)), rss: median(samples.floor.map((s) => s.rss)) };
  // A ratio is the median of the rounds' ratios, each to the floor of its own round: the
  // machine's speed drifts between rounds more than between neighbouring processes.
  const ratio = (s, key, base = samples.floor) => median(s.map((x, i) => x[key] / base[i][key]));
  console.log(`\n${name}: ${size.packs * size.versions} pack versions, ${size.tenants} tenants, ${files} files; medians of ${runs} cold runs, alternated with the floor (ratios: median of each round's ratio to that round's floor)`);
  // CPU is also given as its user part (the process's own computing) and its system part (the
  // kernel's, here mostly the file system's: creating, writing and removing files), and the user
  // part's ratio to the floor's whole CPU.
  console.log("| process | wall s | wall ÷ floor | CPU s | CPU ÷ floor | peak RSS MiB | user CPU s | system CPU s | user CPU ÷ floor CPU |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  const split = (s) => `${(median(s.map((x) => x.user)) / 1000).toFixed(2)} | ${(median(s.map((x) => x.system)) / 1000).toFixed(2)} | ${median(s.map((x, i) => x.user / samples.floor[i].cpu)).toFixed(2)}`;
  console.log(`| floor (read + parse once) | ${(f.wall / 1000).toFixed(2)} | 1.00 | ${(f.cpu / 1000).toFixed(2)} | 1.00 | ${f.rss.toFixed(0)} | ${split(samples.floor)} |`);
  for (const [label, s] of [["packc lock", samples.lock], ["packc check", samples.check], ["packc compile", samples.compile], ["floor + write (below)", samples.floorWrite]]) {
    const wall = median(s.map((x) => x.wall));
    const cpu = median(s.map((x) => x.cpu));
    const rss = median(s.map((x) => x.rss));
    console.log(`| ${label} | ${(wall / 1000).toFixed(2)} | ${ratio(s, "wall").toFixed(2)} | ${(cpu / 1000).toFixed(2)} | ${ratio(s, "cpu").toFixed(2)} | ${rss.toFixed(0)} | ${split(s)} |`);
  }
  const fw = { wall: median(samples.floorWrite.map((s) => s.wall)), cpu: median(samples.floorWrite.map((s) => s.cpu)) };
  console.log(`\ncompile writes an output the inputs do not hold: against a floor that also writes the same files (same paths and sizes, replacing the previous output) — floor + write ${(fw.wall / 1000).toFixed(2)} s wall, ${(fw.cpu / 1000).toFixed(2)} s CPU; packc compile ÷ it: wall ${ratio(samples.compile, "wall", samples.floorWrite).toFixed(2)}, CPU ${ratio(samples.compile, "cpu", samples.floorWrite).toFixed(2)}`);
  if (keep) console.log(`repository kept at ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
rmSync(dirname(rusage), { recursive: true, force: true });

/** Runs git in `dir` with a fixed identity; throws on failure. */
function git(dir, ...args) {
  const r = spawnSync("git", ["-C", dir, "-c", "user.email=bench@example.com", "-c", "user.name=bench", ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

/**
 * The scoped modes (issue targets as ratios to a full check in the same round): the repository
 * becomes a git repository whose main branch is the generated one, with a branch `pack-pr` that
 * edits one file of one version of the pack whose share of tenants is nearest 5 %, and a
 * branch `tenant-pr` that edits one tenant.yaml.
 */
function benchScoped(name, size, dir, files) {
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "generated");
  const tenants = git(dir, "ls-files", "tenants").split("\n").filter((f) => f.endsWith("/tenant.yaml"));
  const users = new Map();
  for (const f of tenants) for (const m of readFileSync(join(dir, f), "utf8").matchAll(/^  ([\w.-]+): "/gm)) users.set(m[1], (users.get(m[1]) ?? 0) + 1);
  const [packId, used] = [...users].sort((a, b) => Math.abs(a[1] / tenants.length - 0.05) - Math.abs(b[1] / tenants.length - 0.05) || (a[0] < b[0] ? -1 : 1))[0];
  const packFile = git(dir, "ls-files", `packs/${packId}`).split("\n").filter((f) => /\/pack\.ya?ml$|\.json$/.test(f)).sort().at(-1);
  const packEdit = () => writeFileSync(join(dir, packFile), readFileSync(join(dir, packFile), "utf8") + (packFile.endsWith(".json") ? " " : "# edited\n"));
  const branch = (b, edit) => {
    git(dir, "checkout", "-q", "-b", b, "main");
    edit();
    git(dir, "commit", "-qam", b);
    git(dir, "checkout", "-q", "main");
  };
  branch("pack-pr", packEdit);
  const tenantEdit = () => writeFileSync(join(dir, tenants[0]), readFileSync(join(dir, tenants[0]), "utf8").replace(/^status: ACTIVE$/m, "status: SUSPENDED"));
  branch("tenant-pr", tenantEdit);
  // The cache lives outside the repository, so git sees no untracked files.
  const cacheDir = mkdtempSync(join(tmpdir(), "packc-bench-cache-"));
  // Each warm mode starts from a cache of the unchanged repository only: the entries of an
  // edited state an earlier round stored would otherwise make the edit a hit.
  const warmUp = () => {
    rmSync(cacheDir, { recursive: true, force: true });
    measure(cli, ["check", "--repo", dir, "--cache", cacheDir], null);
  };
  process.stderr.write(`  pack-pr edits ${packFile} (${packId}, used by ${used} of ${tenants.length} tenants); tenant-pr edits ${tenants[0]}\n`);
  const checkCached = () => measure(cli, ["check", "--repo", dir, "--cache", cacheDir], null);
  /** `run` with the working tree changed by `edit`, restored after. */
  const edited = (edit, run) => {
    edit();
    try {
      return run();
    } finally {
      git(dir, "checkout", "-q", "--", ".");
    }
  };
  const modes = {
    "check --changed-since HEAD, no change": () => measure(cli, ["check", "--repo", dir, "--changed-since", "HEAD", "--no-cache"], null),
    // The cache is on by default (a pre-commit hook has one): a change that reaches no pack or tenant must not pay to open it.
    "check --changed-since HEAD, no change, cache of a check of main": () => {
      warmUp();
      return measure(cli, ["check", "--repo", dir, "--changed-since", "HEAD", "--cache", cacheDir], null);
    },
    "check --changed-since HEAD, one pack changed": () => edited(packEdit, () => measure(cli, ["check", "--repo", dir, "--changed-since", "HEAD", "--no-cache"], null)),
    "check --changed-since HEAD, one pack changed, cache of a check of main": () => {
      warmUp();
      return edited(packEdit, () => measure(cli, ["check", "--repo", dir, "--changed-since", "HEAD", "--cache", cacheDir], null));
    },
    "diff of a one-pack pull request, no cache": () => measure(cli, ["diff", "--repo", dir, "--base", "main", "--head", "pack-pr", "--format", "json", "--no-cache"], null),
    "diff of a one-tenant.yaml pull request, no cache": () => measure(cli, ["diff", "--repo", dir, "--base", "main", "--head", "tenant-pr", "--format", "json", "--no-cache"], null),
    "diff of a one-pack pull request, cache of a check of main": () => {
      warmUp();
      return measure(cli, ["diff", "--repo", dir, "--base", "main", "--head", "pack-pr", "--format", "json", "--cache", cacheDir], null);
    },
    "diff of a one-tenant.yaml pull request, cache of a check of main": () => {
      warmUp();
      return measure(cli, ["diff", "--repo", dir, "--base", "main", "--head", "tenant-pr", "--format", "json", "--cache", cacheDir], null);
    },
    "check, empty cache (a first run, writing the cache)": () => {
      rmSync(cacheDir, { recursive: true, force: true });
      return checkCached();
    },
    "check, warm cache, no change": () => {
      warmUp();
      return checkCached();
    },
    "check, warm cache, one pack changed": () => {
      warmUp();
      return edited(packEdit, checkCached);
    },
    "check, warm cache, one tenant.yaml changed": () => {
      warmUp();
      return edited(tenantEdit, checkCached);
    },
    "check --shard 1/4": () => measure(cli, ["check", "--repo", dir, "--shard", "1/4", "--no-cache"], null),
    "check --shard 1/4, one pack changed, cache of that shard's check of main": () => {
      rmSync(cacheDir, { recursive: true, force: true });
      measure(cli, ["check", "--repo", dir, "--shard", "1/4", "--cache", cacheDir], null);
      return edited(packEdit, () => measure(cli, ["check", "--repo", dir, "--shard", "1/4", "--cache", cacheDir], null));
    },
    "check --shard 2/4": () => measure(cli, ["check", "--repo", dir, "--shard", "2/4", "--no-cache"], null),
  };
  const samples = { check: [], ...Object.fromEntries(Object.keys(modes).map((m) => [m, []])) };
  for (let round = 0; round < runs; round++) {
    samples.check.push(measure(cli, ["check", "--repo", dir, "--no-cache"], null));
    for (const [m, run] of Object.entries(modes)) samples[m].push(run());
    process.stderr.write(`  round ${round + 1}/${runs} done\n`);
  }
  const ratio = (s, key) => median(s.map((x, i) => x[key] / samples.check[i][key]));
  console.log(`\n${name}, scoped modes: ${size.packs * size.versions} pack versions, ${size.tenants} tenants, ${files} files; medians of ${runs} cold runs, each ratio to the full check of its round`);
  console.log("| process | wall s | wall ÷ check | CPU s | CPU ÷ check | peak RSS MiB |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const [m, s] of Object.entries(samples)) {
    const label = m === "check" ? "full check" : m;
    console.log(`| ${label} | ${(median(s.map((x) => x.wall)) / 1000).toFixed(2)} | ${ratio(s, "wall").toFixed(2)} | ${(median(s.map((x) => x.cpu)) / 1000).toFixed(2)} | ${ratio(s, "cpu").toFixed(2)} | ${median(s.map((x) => x.rss)).toFixed(0)} |`);
  }
  // The "second check with a warm cache ÷ a cold one", read as a user meets it: the
  // first check with a cache (which computes everything and writes the cache) is the cold one.
  const first = samples["check, empty cache (a first run, writing the cache)"];
  const toFirst = (m) => median(samples[m].map((x, i) => x.cpu / first[i].cpu)).toFixed(2);
  console.log(`\nwarm checks ÷ the first check with an empty cache (CPU): no change ${toFirst("check, warm cache, no change")}, one pack changed ${toFirst("check, warm cache, one pack changed")}, one tenant.yaml changed ${toFirst("check, warm cache, one tenant.yaml changed")}`);
  rmSync(cacheDir, { recursive: true, force: true });
  if (keep) console.log(`repository kept at ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
