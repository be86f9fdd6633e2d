import { receiveMessageOnPort, MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import { advanceSteps, killStep, stepsTaken } from "./steps.js";

/**
 * Writes files on a second thread while the caller goes on producing them, so a long output
 * costs the larger of the two, not their sum (`compile` spends about as long composing and
 * encoding 10,000 active configs as the file system spends creating their directories and
 * files). The caller stays synchronous: {@link write} queues a file and returns, blocking only
 * while {@link MAX_QUEUED} files wait (so at most that many files' bytes are held twice);
 * {@link finish} waits for every queued file and throws the first write's error, if any, as the
 * `node:fs` error it was (code, syscall, path), so callers handle it as they would their own.
 * Each directory is created (recursively) before the first file in it, as the caller would.
 * Every directory creation and file write is a numbered step (`steps.ts`), continued from the
 * caller's count, so the kill test can stop the process before any of them. Files are written in
 * the order given; after a failure the rest are skipped.
 */
export class WriteThread {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  /** [0]: files finished (written, failed or skipped), [1]: 1 once a write failed or the caller aborted, [2]: 1 once the report is sent. */
  private readonly state: Int32Array;
  private queued = 0;
  private report: Report | undefined;

  /** Starts the thread; `made` lists the directories that already exist (created by the caller). */
  constructor(made: Iterable<string>) {
    this.state = new Int32Array(new SharedArrayBuffer(12));
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { state: this.state.buffer, port: port2, made: [...made], steps: stepsTaken(), kill: killStep() },
      transferList: [port2],
    });
    this.worker.unref();
  }

  /** Queues `text` for `file` (absolute), creating directory `dir` first if the thread has not. */
  write(dir: string, file: string, text: string | Uint8Array): void {
    if (this.report) throw new Error("packc bug: write after finish");
    while (this.queued - Atomics.load(this.state, 0) >= MAX_QUEUED && Atomics.load(this.state, 1) === 0) {
      this.alive();
      Atomics.wait(this.state, 0, Atomics.load(this.state, 0), WAIT_MS);
    }
    if (Atomics.load(this.state, 1) !== 0) return; // the first error is thrown by finish()
    this.queued++;
    this.worker.postMessage({ dir, file, text });
  }

  /**
   * Waits until every queued file is written and stops the thread; throws the first write's
   * error (after stopping the thread). The thread's steps are added to the caller's count.
   */
  finish(): void {
    const report = this.stop();
    if (report.error) throw Object.assign(new Error(report.error.message), report.error.props);
  }

  /** Stops the thread, skipping what is still queued (the caller is about to remove the directory it writes in). */
  abort(): void {
    Atomics.store(this.state, 1, 1);
    this.stop();
  }

  /** Throws when the thread has stopped on its own (it cannot, short of a bug or running out of memory), rather than waiting for it forever. */
  private alive(): void {
    if (this.worker.threadId === -1) throw new Error("packc bug: the write thread stopped");
  }

  /** Asks the thread for its report after the queued files, waits for it, and stops the thread. */
  private stop(): Report {
    if (this.report) return this.report;
    this.worker.postMessage({ report: true });
    while (Atomics.load(this.state, 2) === 0) {
      this.alive();
      Atomics.wait(this.state, 2, 0, WAIT_MS);
    }
    this.report = (receiveMessageOnPort(this.port)?.message as Report | undefined) ?? { steps: 0, error: { message: "packc bug: the write thread sent no report", props: {} } };
    advanceSteps(this.report.steps);
    void this.worker.terminate();
    this.port.close();
    return this.report;
  }
}

/** Files queued ahead of the thread before {@link WriteThread.write} blocks. */
const MAX_QUEUED = 64;
/** How long one wait for the thread lasts before the counters are read again, in milliseconds (a wake-up is never lost: this only bounds a wait whose notify raced it). */
const WAIT_MS = 50;

/** What the thread reports once: the steps it took, and the first error. */
interface Report {
  steps: number;
  error?: { message: string; props: { code?: string; errno?: number; syscall?: string; path?: string } };
}

// The thread's code, plain CommonJS for an `eval` worker (the bundle is one file): for each file,
// its directory if new, then the file, each a numbered step; after the first error or an abort
// only the count moves. Asked for its report, it sends it once (the steps it took, the error).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { mkdirSync, writeFileSync } = require("node:fs");
const state = new Int32Array(workerData.state);
const made = new Set(workerData.made);
let steps = 0;
let failed;
const step = (fn) => {
  steps++;
  if (workerData.kill.at > 0 && workerData.steps + steps === workerData.kill.at) process.kill(process.pid, workerData.kill.signal);
  fn();
};
parentPort.on("message", (m) => {
  if (m.report) {
    workerData.port.postMessage(failed ? { steps, error: failed } : { steps });
    Atomics.store(state, 2, 1);
    Atomics.notify(state, 2);
    return;
  }
  if (failed === undefined && Atomics.load(state, 1) === 0) {
    try {
      if (!made.has(m.dir)) {
        step(() => mkdirSync(m.dir, { recursive: true }));
        made.add(m.dir);
      }
      step(() => writeFileSync(m.file, m.text));
    } catch (e) {
      failed = { message: String(e && e.message), props: { code: e && e.code, errno: e && e.errno, syscall: e && e.syscall, path: e && e.path } };
      Atomics.store(state, 1, 1);
    }
  }
  Atomics.add(state, 0, 1);
  Atomics.notify(state, 0);
});
`;
