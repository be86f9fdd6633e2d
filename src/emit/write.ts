import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";

/**
 * Replaces directory `out` with exactly `files` (relative path → text), atomically as far as the
 * file system allows: everything is written to a fresh sibling directory first, then the old
 * directory is renamed aside, the new one renamed into place, and the old one removed. A failure
 * before the swap leaves `out` byte-for-byte as it was. Throws the underlying I/O error.
 */
export function writeOutput(out: string, files: ReadonlyMap<string, string>): void {
  const target = resolve(out);
  const tag = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const staging = `${target}.packc-new-${tag}`;
  const aside = `${target}.packc-old-${tag}`;
  mkdirSync(dirname(target), { recursive: true });
  try {
    for (const [rel, text] of files) {
      const file = join(staging, rel);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  const hadOld = existsSync(target);
  if (hadOld) renameSync(target, aside);
  try {
    renameSync(staging, target);
  } catch (e) {
    if (hadOld) renameSync(aside, target);
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (hadOld) rmSync(aside, { recursive: true, force: true });
}

/** Writes one file atomically: a temporary sibling, then rename over the target. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.packc-${process.pid}-${randomBytes(4).toString("hex")}`;
  writeFileSync(tmp, text);
  try {
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
