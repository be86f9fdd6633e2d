import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { step } from "./steps.js";
import { WriteThread } from "./write-thread.js";

/** Another packc process holds the output's lock for longer than packc waits (exit 2). */
export class OutputBusyError extends Error {}

/** A tag naming one run's temporary entries: `<pid>-<8 hex>`. */
function newTag(): string {
  return `${process.pid}-${randomBytes(4).toString("hex")}`;
}

/** Whether process `pid` is running (a signal-0 probe; EPERM means it runs as another user). */
export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** How long to wait for another packc writing the same output, in milliseconds. */
const LOCK_WAIT_MS = 30_000;

/** Sleeps the thread for `ms` milliseconds (the writers are synchronous). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Takes `<target>.packc-lock` (created exclusively, holding our pid) and returns its release.
 * A lock left by a dead process is removed; one held by a live process is waited for, up to
 * 30 s, then OutputBusyError.
 */
function lock(target: string): () => void {
  const file = `${target}.packc-lock`;
  const started = Date.now();
  for (;;) {
    try {
      const fd = step(() => openSync(file, "wx"));
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => step(() => rmSync(file, { force: true }));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let holder = NaN;
    try {
      holder = Number.parseInt(readFileSync(file, "utf8"), 10);
    } catch {
      // removed meanwhile, or being written: look again
    }
    if (Number.isInteger(holder) && !isAlive(holder)) step(() => rmSync(file, { force: true }));
    else if (Date.now() - started > LOCK_WAIT_MS) throw new OutputBusyError(`another packc (pid ${holder}) is writing ${target}; wait for it, or remove ${file} if no packc runs`);
    else sleep(50);
  }
}

/**
 * Removes the directory tree `dir` (a missing `dir` is no error), without following symbolic
 * links: what `rmSync(dir, { recursive: true, force: true })` does, for about half the CPU on
 * Node 20, whose `rmSync` first tries `rmdir` on every directory and catches the ENOTEMPTY
 * (measured on a 10,000-tenant output: 0.65 s instead of 1.1–1.6 s). Throws the first other
 * I/O error.
 */
export function removeTree(dir: string): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    if (code === "ENOTDIR") return unlinkSync(dir);
    throw e;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) removeTree(path);
    else unlinkSync(path);
  }
  rmdirSync(dir);
}

/** `<name>.packc-new-<tag>` and `<name>.packc-old-<tag>` entries beside `target`, by tag. */
function leftovers(target: string): Map<string, { pid: number }> {
  const name = basename(target);
  const tags = new Map<string, { pid: number }>();
  let entries: string[] = [];
  try {
    entries = readdirSync(dirname(target));
  } catch {
    return tags;
  }
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.packc-(?:new|old)-((\\d+)-[0-9a-f]{8})$`);
  for (const e of entries) {
    const m = pattern.exec(e);
    if (m) tags.set(m[1]!, { pid: Number(m[2]) });
  }
  return tags;
}

/**
 * Puts right what a killed run left beside `target`: for each run that is no longer alive, if
 * it died between its two renames (`target` missing, its old output aside) the new output is
 * renamed into place when it exists (it is complete: it is renamed aside only after the last
 * file is written), else the old one is restored; then its temporary entries are removed.
 * Returns how many dead runs were cleaned up.
 */
export function recoverOutput(target: string): number {
  let cleaned = 0;
  for (const [tag, { pid }] of leftovers(target)) {
    if (isAlive(pid)) continue;
    const fresh = `${target}.packc-new-${tag}`;
    const aside = `${target}.packc-old-${tag}`;
    if (!existsSync(target) && existsSync(aside)) step(() => renameSync(existsSync(fresh) ? fresh : aside, target));
    for (const p of [fresh, aside]) if (existsSync(p)) step(() => removeTree(p));
    cleaned++;
  }
  return cleaned;
}

/**
 * An output written to its staging directory and not yet in place: `commit()` swaps it in,
 * `discard()` removes it. Either releases the output's lock; call exactly one.
 */
export interface StagedOutput {
  /** How many files were written. */
  written: number;
  /**
   * Renames the old output aside, the staged one into place, and removes the old one: exactly
   * `old`'s files and directories when given (the listing of the check that allowed replacing
   * it, so the tree is not walked again), else the whole tree.
   */
  commit(old?: { readonly files: readonly string[]; readonly dirs: readonly string[] }): void;
  /** Removes the staged directory, leaving the output as it was. */
  discard(): void;
}

/**
 * After how many files {@link stageOutput} hands the rest to a {@link WriteThread}: a long output
 * (a compile of many tenants) is then written while the next files are made; a short one (the
 * repository's own packs, a report) is not worth starting a thread for.
 */
export const WRITE_THREAD_AFTER = 256;

/** {@link WRITE_THREAD_AFTER}, or what `PACKC_TEST_WRITE_THREAD_AFTER` says (the kill test's way to take the thread's steps on a small repository). */
const threadAfterDefault = Number(process.env["PACKC_TEST_WRITE_THREAD_AFTER"] ?? WRITE_THREAD_AFTER);

/**
 * A {@link WriteThread}, or undefined (write on this thread) where threads may not be started:
 * Node's permission model without `--allow-worker` refuses them (ERR_ACCESS_DENIED).
 */
function startThread(made: Iterable<string>): WriteThread | undefined {
  try {
    return new WriteThread(made);
  } catch {
    return undefined;
  }
}

/**
 * Writes `files` (`[relative path, text]` pairs, taken one at a time, so a lazy producer never
 * holds the whole output) into a fresh sibling `<out>.packc-new-<tag>` of directory `out`,
 * under the output's lock (`<out>.packc-lock`), after {@link recoverOutput}. Nothing at `out`
 * changes yet. This part may take long (the producer may be compiling as it goes) and need not
 * be shielded from signals: a run killed here leaves only its staging directory and lock, which
 * the next run removes. After `threadAfter` files (default {@link WRITE_THREAD_AFTER}; 0: never)
 * the rest are written on a second thread while the producer makes the next ones (on this one
 * where threads may not be started). Throws the
 * underlying I/O error or the producer's error, after removing the staging directory and
 * releasing the lock.
 */
export function stageOutput(out: string, files: Iterable<readonly [string, string | Uint8Array]>, threadAfter = threadAfterDefault): StagedOutput {
  const target = resolve(out);
  let thread: WriteThread | undefined;
  step(() => mkdirSync(dirname(target), { recursive: true }));
  const release = lock(target);
  const tag = newTag();
  const staging = `${target}.packc-new-${tag}`;
  let written = 0;
  try {
    recoverOutput(target);
    step(() => mkdirSync(staging));
    const made = new Set<string>([staging]);
    for (const [rel, text] of files) {
      written++;
      const file = join(staging, rel);
      const dir = dirname(file);
      if (thread) {
        thread.write(dir, file, text);
        continue;
      }
      if (!made.has(dir)) {
        step(() => mkdirSync(dir, { recursive: true }));
        made.add(dir);
      }
      step(() => writeFileSync(file, text));
      if (written === threadAfter) thread = startThread(made);
    }
    thread?.finish();
  } catch (e) {
    try {
      thread?.abort();
    } catch {
      // the thread stopped on its own: nothing writes into the staging directory any more
    }
    try {
      removeTree(staging);
    } finally {
      release();
    }
    throw e;
  }
  return {
    written,
    commit: (old) => {
      try {
        swapIn(target, staging, `${target}.packc-old-${tag}`, old);
      } finally {
        release();
      }
    },
    discard: () => {
      try {
        removeTree(staging);
      } finally {
        release();
      }
    },
  };
}

/**
 * The swap: the old directory is renamed aside, the staged one renamed into place, and the old
 * one removed. A failure of the second rename puts the old one back. Between the two renames
 * `out` is briefly absent: a rename cannot replace a non-empty directory, and the one call that
 * can (Linux `renameat2` with RENAME_EXCHANGE) is not available to Node. Callers run this under
 * {@link withSignalsDeferred}, so Ctrl-C and CI cancellation cannot stop it there; after SIGKILL
 * the next run completes the swap ({@link recoverOutput}).
 */
function swapIn(target: string, staging: string, aside: string, old?: { readonly files: readonly string[]; readonly dirs: readonly string[] }): void {
  const hadOld = existsSync(target);
  if (hadOld) step(() => renameSync(target, aside));
  try {
    step(() => renameSync(staging, target));
  } catch (e) {
    if (hadOld) renameSync(aside, target);
    removeTree(staging);
    throw e;
  }
  if (hadOld) step(() => (old ? removeListed(aside, old) : removeTree(aside)));
}

/**
 * Removes directory `dir` given what it holds (relative files, and directories each before its
 * ancestors): one unlink per file and one rmdir per directory, without listing it again. When
 * the listing no longer fits (an entry vanished, or appeared after it was taken), the rest is
 * removed as {@link removeTree} removes it.
 */
export function removeListed(dir: string, listing: { readonly files: readonly string[]; readonly dirs: readonly string[] }): void {
  try {
    for (const f of listing.files) unlinkSync(join(dir, f));
    for (const d of listing.dirs) rmdirSync(join(dir, d));
    rmdirSync(dir);
  } catch {
    removeTree(dir);
  }
}

/**
 * Replaces directory `out` with exactly `files` and returns how many it wrote:
 * {@link stageOutput}, then the swap. A failure before the swap leaves `out` byte-for-byte as it
 * was. The caller must have checked that `out` may be replaced (`guardOutput`). Throws the
 * underlying I/O error.
 */
export function writeOutput(out: string, files: Iterable<readonly [string, string | Uint8Array]>): number {
  const staged = stageOutput(out, files);
  staged.commit();
  return staged.written;
}

/** One file for {@link writeFilesAtomic}: its new text and its bytes before (null: it did not exist). */
export interface FileWrite {
  file: string;
  /** The new content: UTF-8 text, or bytes. */
  text: string | Uint8Array;
  before: Uint8Array | null;
}

const TEMP_FILE = /\.packc-(\d+)-[0-9a-f]{8}$/;

/**
 * Writes several files all or nothing: every new text goes to a temporary sibling
 * (`<file>.packc-<tag>`) first, and only when all are written are they renamed over their
 * targets. A failure while writing removes the temporary files and changes nothing; a failure
 * while renaming puts back the files already renamed (from `before`). Callers run it under
 * {@link withSignalsDeferred}. Throws the underlying I/O error.
 */
export function writeFilesAtomic(writes: readonly FileWrite[]): void {
  const tag = newTag();
  const temps = writes.map((w) => `${w.file}.packc-${tag}`);
  try {
    writes.forEach((w, i) => step(() => writeFileSync(temps[i]!, w.text)));
  } catch (e) {
    for (const t of temps) rmSync(t, { force: true });
    throw e;
  }
  let renamed = 0;
  try {
    for (; renamed < writes.length; renamed++) step(() => renameSync(temps[renamed]!, writes[renamed]!.file));
  } catch (e) {
    for (let i = 0; i < renamed; i++) {
      const w = writes[i]!;
      if (w.before === null) rmSync(w.file, { force: true });
      else writeFileSync(w.file, w.before);
    }
    for (const t of temps.slice(renamed)) rmSync(t, { force: true });
    throw e;
  }
}

/**
 * Removes the temporary files (`<name>.packc-<pid>-<hex>`) a killed run left in `dirs`, if that
 * run is no longer alive. Returns the removed paths.
 */
export function removeDeadTempFiles(dirs: Iterable<string>): string[] {
  const removed: string[] = [];
  for (const dir of dirs) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const e of entries) {
      const m = TEMP_FILE.exec(e);
      if (!m || isAlive(Number(m[1]))) continue;
      step(() => rmSync(join(dir, e), { force: true }));
      removed.push(join(dir, e));
    }
  }
  return removed;
}
