// Loaded with `node --import` into every process the benchmark measures: at exit it writes the
// process's CPU time (user + system, all threads, plus the children it waited for, such as git;
// user and system also apart)
// and peak RSS to the file BENCH_RUSAGE names.
import { readFileSync, writeFileSync } from "node:fs";

/**
 * CPU ms of the waited-for children (Linux `/proc/self/stat` cutime and cstime, in 1/100 s
 * ticks), user and system apart; zeros elsewhere.
 */
function childrenCpuMs() {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { user: Number(fields[13]) * 10, system: Number(fields[14]) * 10 };
  } catch {
    return { user: 0, system: 0 };
  }
}

const target = process.env.BENCH_RUSAGE;
if (target) {
  process.on("exit", () => {
    const r = process.resourceUsage();
    const children = childrenCpuMs();
    // System CPU is the kernel's: mostly the file system (creating, writing and removing files).
    const userMs = r.userCPUTime / 1000 + children.user;
    const systemMs = r.systemCPUTime / 1000 + children.system;
    writeFileSync(target, JSON.stringify({ cpuMs: userMs + systemMs, userMs, systemMs, maxRssKiB: r.maxRSS }));
  });
}
