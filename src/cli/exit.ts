/** The exit codes of DESIGN.md's CLI contract. */
export const EXIT = { ok: 0, errors: 1, usage: 2, internal: 3 } as const;

/** A mistake in how packc was invoked (exit 2), as opposed to a problem in the repository. */
export class UsageError extends Error {}

const ADVICE: Record<string, string> = {
  EACCES: "check the permissions of that path",
  EPERM: "check the permissions of that path",
  EROFS: "the file system is read-only",
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
  ENOTDIR: "a part of that path is a file, not a directory",
  EISDIR: "that path is a directory where packc needs a file",
  ELOOP: "that path has a symbolic link loop",
  ENAMETOOLONG: "that path is too long",
  EMFILE: "too many open files; raise the limit (ulimit -n)",
  ENFILE: "too many open files on the system",
  EBUSY: "that path is in use",
  EXDEV: "the output and its temporary directory are on different file systems",
};

/**
 * One line for a file-system error of the environment (Node's errors with `code` and
 * `syscall`: permissions, a full disk, a file where a directory belongs, a link loop), or null
 * for anything else. Such errors are exit 2, not packc bugs, and never print a stack trace.
 */
export function environmentProblem(e: unknown): string | null {
  const err = e as NodeJS.ErrnoException | null;
  if (!(e instanceof Error) || typeof err?.code !== "string" || typeof err.syscall !== "string") return null;
  const advice = ADVICE[err.code];
  return `file-system error: ${e.message.split("\n")[0]}${advice ? ` (${advice})` : ""}`;
}
