import { byImportance, type ChangedLines, type Diagnostic } from "../diagnostics/types.js";
import { escapeControls } from "../util/controls.js";

/** GitHub shows at most this many annotations of each kind per step. */
export const ANNOTATION_LIMIT = 10;

const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const prop = (s: string) => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/**
 * GitHub workflow-command annotations (`::error file=…,line=…,col=…,title=…::message`), at most
 * {@link ANNOTATION_LIMIT} errors and as many warnings, most important first: those on lines
 * the change touched, then elsewhere in changed files, then the rest, each in input order. A final `::notice::` says how many more there
 * are and where they are (the SARIF file and the step summary). Values are escaped as the
 * workflow-command format requires, and other control characters are written as visible escapes
 * ({@link escapeControls}), so no message can inject a command or repaint the log. `prefix`:
 * the packs repository's path from the root of the git work tree (`some/dir/`, or empty), which
 * GitHub needs to place an annotation on the pull request's file; `changed` is keyed by paths
 * within the packs repository, as diagnostics are. Pure.
 */
export function renderGithub(diagnostics: readonly Diagnostic[], changed: ChangedLines = new Map(), prefix = ""): string {
  const ranked = byImportance(diagnostics, changed);
  const pick = (severity: Diagnostic["severity"]) => ranked.filter((d) => d.severity === severity);
  const errors = pick("error");
  const warnings = pick("warning");
  const shown = [...errors.slice(0, ANNOTATION_LIMIT), ...warnings.slice(0, ANNOTATION_LIMIT)];
  const lines = shown.map((d) => `::${d.severity} file=${prop(escapeControls(prefix + d.file))},line=${d.line},col=${d.column},title=${prop(`packc ${d.code}`)}::${data(d.hint ? `${escapeControls(d.message)}\nhint: ${escapeControls(d.hint)}` : escapeControls(d.message))}`);
  const more = diagnostics.length - shown.length;
  if (more > 0) lines.push(`::notice title=packc::${more} more diagnostic${more === 1 ? "" : "s"} not annotated; see the SARIF file and the step summary`);
  return lines.join("\n") + (lines.length ? "\n" : "");
}
