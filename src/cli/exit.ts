/** The exit codes of DESIGN.md's CLI contract. */
export const EXIT = { ok: 0, errors: 1, usage: 2, internal: 3 } as const;

/** A mistake in how packc was invoked (exit 2), as opposed to a problem in the repository. */
export class UsageError extends Error {}
