import type { ProgressSink } from "../util/progress-sink.js";

/** Where progress is drawn: a terminal stream (`process.stderr` in the CLI). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** The CLI's {@link ProgressSink}: draws at most every `intervalMs`, and can be ended. */
export interface Progress extends ProgressSink {
  /** Erases the line (if one was drawn) and returns the elapsed milliseconds since creation. */
  done(): number;
  /** True when this progress draws at all (a terminal, not CI, not --quiet). */
  readonly shown: boolean;
}

/** When to draw: options of {@link progressLine}. */
export interface ProgressOptions {
  stream: ProgressStream;
  /** `--quiet`: draw nothing. */
  quiet: boolean;
  /** The environment (for `CI`). */
  env: Record<string, string | undefined>;
  /** Clock in milliseconds; default `performance.now`. */
  now?: () => number;
  /** Nothing is drawn before this many milliseconds (short runs stay silent); default 1,000. */
  delayMs?: number;
  /** Least time between two redraws; default 100. */
  intervalMs?: number;
}

/** True when the environment says it is a CI job (`CI` set to anything but empty, `0` or `false`, as CI services set it). */
export function inCi(env: Record<string, string | undefined>): boolean {
  const v = env.CI;
  return v !== undefined && v !== "" && v !== "0" && v.toLowerCase() !== "false";
}

const ERASE = "\r\x1b[K";

/**
 * A one-line progress display on a terminal: after `delayMs`, `packc: <phase> <done>/<total>
 * (<seconds> s)` is redrawn in place (carriage return and erase-line, cut to the terminal's
 * width) at most every `intervalMs`, and erased by `done()`. Draws nothing at all when the
 * stream is not a TTY, in CI (`CI=true`) or with `--quiet`, so logs and pipes never see it.
 */
export function progressLine(o: ProgressOptions): Progress {
  const now = o.now ?? (() => performance.now());
  const started = now();
  const shown = o.stream.isTTY === true && !o.quiet && !inCi(o.env);
  const delay = o.delayMs ?? 1000;
  const interval = o.intervalMs ?? 100;
  let phase = "";
  let total = 0;
  let count = 0;
  let drawnAt = -Infinity;
  let drawn = false;
  const draw = (force: boolean) => {
    if (!shown) return;
    const t = now();
    if (t - started < delay || (!force && t - drawnAt < interval)) return;
    drawnAt = t;
    const counted = total > 0 ? ` ${count.toLocaleString("en-US")}/${total.toLocaleString("en-US")}` : "";
    const line = `packc: ${phase}${counted} (${((t - started) / 1000).toFixed(0)} s)`;
    const width = Math.max(10, (o.stream.columns || 80) - 1); // a pseudo-terminal may say 0 columns
    o.stream.write(ERASE + (line.length > width ? line.slice(0, width) : line));
    drawn = true;
  };
  return {
    shown,
    phase(name, n = 0) {
      phase = name;
      total = n;
      count = 0;
      draw(true);
    },
    tick(done) {
      count = done;
      draw(false);
    },
    done() {
      if (drawn) o.stream.write(ERASE);
      drawn = false;
      return now() - started;
    },
  };
}

