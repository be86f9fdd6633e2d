import { code } from "./markdown.js";

/**
 * Where a comment's links point, when the run knows its repository (the Action, from its
 * context); without it, locations are plain text. Data only: renderers stay pure.
 */
export interface CommentLinks {
  /** The repository's web address, `https://github.com/OWNER/REPO` (no trailing slash). */
  repoUrl: string;
  /** The commit a location links to: the pull request's head. */
  headSha: string;
  /** The pull request's base commit, named (and linked) in the verdict. */
  baseSha?: string;
  /** The workflow run, where the full report is. */
  runUrl?: string;
  /** The packs repository's path from the top of the git work tree (`some/dir/`, or ""), put before every file. */
  prefix: string;
}

/** `path` as a URL path: each segment percent-encoded, parentheses too (they would end a Markdown link). */
function urlPath(path: string): string {
  return path
    .split("/")
    .map((s) => encodeURIComponent(s).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join("/");
}

/** The web address of `file` (relative to the packs repository) at line `line` of the head commit. */
export function blobUrl(links: CommentLinks, file: string, line: number): string {
  return `${links.repoUrl}/blob/${urlPath(links.headSha)}/${urlPath(links.prefix + file)}#L${line}`;
}

/** The web address of a commit. */
export function commitUrl(links: CommentLinks, sha: string): string {
  return `${links.repoUrl}/commit/${urlPath(sha)}`;
}

/**
 * A location as inline code (`file:line`, or `file:line:column` when `column` is given), linked
 * to that line at the head commit when `links` is known; the text stays the packs repository's
 * own path, as every other report names it.
 */
export function location(file: string, line: number, links?: CommentLinks, column?: number): string {
  const text = code(column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`);
  return links ? `[${text}](${blobUrl(links, file, line)})` : text;
}
