// Loaded with `node --import` into every process the benchmark measures: at exit it writes the
// process's CPU time (user + system, all threads) and peak RSS to the file BENCH_RUSAGE names.
import { writeFileSync } from "node:fs";

const target = process.env.BENCH_RUSAGE;
if (target) {
  process.on("exit", () => {
    const r = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ cpuMs: (r.userCPUTime + r.systemCPUTime) / 1000, maxRssKiB: r.maxRSS }));
  });
}
