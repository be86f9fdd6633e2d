/**
 * Every change packc makes to the file system goes through {@link step}, which numbers it. The
 * number is what the kill test uses: with `PACKC_TEST_KILL_AT_STEP=N` in the environment, the
 * process sends itself SIGKILL just before its N-th step (1-based), as a crash, an OOM kill or a
 * cancelled CI job would stop it, so the test can prove that every instant leaves a usable state
 * without relying on timing; `PACKC_TEST_KILL_SIGNAL` sends another signal instead (SIGTERM:
 * what a cancelled CI job sends first). Unset (always, outside those tests) it costs one
 * comparison per step.
 */
let done = 0;
const killAt = Number(process.env["PACKC_TEST_KILL_AT_STEP"] ?? 0);
const killWith = (process.env["PACKC_TEST_KILL_SIGNAL"] ?? "SIGKILL") as NodeJS.Signals;

/** Runs one file-system change `fn` as the next numbered step and returns its result. */
export function step<T>(fn: () => T): T {
  done++;
  if (killAt > 0 && done === killAt) process.kill(process.pid, killWith);
  return fn();
}


/** How many steps this process has taken so far (a thread that takes steps for it continues from here). */
export function stepsTaken(): number {
  return done;
}

/** Counts `n` steps another thread took for this process ({@link stepsTaken}). */
export function advanceSteps(n: number): void {
  done += n;
}

/** The step the kill test stops the process before (0: none), and with which signal, for a thread that takes steps. */
export function killStep(): { at: number; signal: NodeJS.Signals } {
  return { at: killAt, signal: killWith };
}
