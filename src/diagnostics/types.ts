import { CODES, type Code } from "./codes.js";

/** Severity of a diagnostic; only `error` fails a command (exit 1). */
export type Severity = "error" | "warning";

/**
 * One finding, as data. `file` is relative to the repository root with `/` separators,
 * `line`/`column` are 1-based and point at the offending key or value, `pointer` is an
 * RFC 6901 JSON pointer into that file (DESIGN.md "Contracts").
 */
export interface Diagnostic {
  code: Code;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  pointer: string;
  hint?: string;
}

/**
 * The lines a change added or modified, per repository-relative file: `[first, last]` ranges,
 * 1-based and inclusive, on the newer side. A file present with no ranges only lost lines.
 * Used to put diagnostics on changed lines first.
 */
export type ChangedLines = ReadonlyMap<string, ReadonlyArray<readonly [number, number]>>;

/** Where a diagnostic points, before the catalogue supplies its severity. */
export interface Location {
  file: string;
  line: number;
  column: number;
  pointer: string;
}

/** Builds a diagnostic with the catalogue's severity for `code`. */
export function makeDiagnostic(code: Code, at: Location, message: string, hint?: string): Diagnostic {
  const d: Diagnostic = { code, severity: CODES[code].severity, message, ...at };
  if (hint !== undefined) d.hint = hint;
  return d;
}

/** Orders diagnostics by file, line, column, code, message: stable output on any machine. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.code, b.code) || cmp(a.message, b.message),
  );
}

/** Drops exact repeats (same code, place and message), keeping the first. */
export function dedupeDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.code}\0${d.file}\0${d.pointer}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** True when any diagnostic is an error. */
export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === "error");
}

/** Code-point string comparison, independent of locale (unlike `localeCompare`). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * How much a diagnostic concerns a change: 0 on a changed line, 1 elsewhere in a changed file,
 * 2 elsewhere. Lower is more important.
 */
export function changeRank(d: Diagnostic, changed: ChangedLines): 0 | 1 | 2 {
  const ranges = changed.get(d.file);
  if (!ranges) return 2;
  return ranges.some(([a, b]) => d.line >= a && d.line <= b) ? 0 : 1;
}

/**
 * Diagnostics, most important first: errors before warnings, then those on lines the change
 * touched, then elsewhere in changed files, then the rest, each in input order. Pure.
 */
export function byImportance(diagnostics: readonly Diagnostic[], changed: ChangedLines = new Map()): Diagnostic[] {
  const severity = (d: Diagnostic) => (d.severity === "error" ? 0 : 1);
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => severity(a.d) - severity(b.d) || changeRank(a.d, changed) - changeRank(b.d, changed) || a.i - b.i)
    .map(({ d }) => d);
}
