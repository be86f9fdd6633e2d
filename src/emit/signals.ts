/** The signals a user or a CI runner sends to stop a job (Ctrl-C, cancel-in-progress, a closed terminal). */
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Runs `fn` (synchronous file-system work: writing an output, renaming lockfiles) so that
 * SIGINT, SIGTERM and SIGHUP cannot stop it half-way: while it runs, those signals are caught
 * instead of killing the process, so `fn` always completes or fails on its own terms (and then
 * cleans up). A signal that arrived meanwhile is re-raised once `fn` is over, after the event
 * loop has had two turns to deliver it, so the process still ends as the sender asked (exit
 * 130 for SIGINT, 143 for SIGTERM). SIGKILL cannot be caught; the writers recover from it at
 * the next start. Returns `fn`'s result; rethrows its error.
 */
export async function withSignalsDeferred<T>(fn: () => T): Promise<T> {
  let caught: NodeJS.Signals | null = null;
  const handler = (signal: NodeJS.Signals) => {
    caught ??= signal;
  };
  for (const s of SIGNALS) process.on(s, handler);
  try {
    return fn();
  } finally {
    for (let i = 0; i < 2; i++) await new Promise((r) => setImmediate(r));
    for (const s of SIGNALS) process.off(s, handler);
    if (caught) process.kill(process.pid, caught);
  }
}
