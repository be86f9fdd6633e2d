// Loaded with `node --import` into every process the benchmark measures: at exit it writes the
// process's CPU time (user + system, all threads, plus the children it waited for, such as git)
// and peak RSS to the file BENCH_RUSAGE names.
import { readFileSync, writeFileSync } from "node:fs";

/** CPU ms of the waited-for children (Linux `/proc/self/stat` cutime + cstime, in 1/100 s ticks); 0 elsewhere. */
function childrenCpuMs() {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

const target = process.env.BENCH_RUSAGE;
if (target) {
  process.on("exit", () => {
    const r = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ cpuMs: (r.userCPUTime + r.systemCPUTime) / 1000 + childrenCpuMs(), maxRssKiB: r.maxRSS }));
  });
}
