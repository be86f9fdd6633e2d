/**
 * Where a long run reports how far it is: the CLI's progress line draws it, library use passes
 * nothing. `phase` starts a phase of `total` items (0 or absent: not counted); `tick` says `done`
 * of them are done. Calls must be cheap; a sink decides itself how often to draw.
 */
export interface ProgressSink {
  phase(phase: string, total?: number): void;
  tick(done: number): void;
}
