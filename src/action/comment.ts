import { parseMarker, type CommentKind } from "../report/markdown.js";

/** The fields of a GitHub issue comment that the sticky-comment logic reads. */
export interface IssueComment {
  id: number;
  body?: string | null;
  user?: { login: string; type?: string } | null;
}

/** One change to the pull request's comments. */
export type CommentOp = { op: "update"; id: number; body: string } | { op: "create"; body: string } | { op: "delete"; id: number };

/**
 * Whether a comment is one of packc's comments of `kind`: its body starts with the hidden
 * marker and a bot wrote it (the token of a workflow is `github-actions[bot]` or an app), so a
 * person who pastes the marker cannot make packc edit or delete their comment.
 */
export function isOurs(c: IssueComment, kind: CommentKind): boolean {
  return c.user?.type === "Bot" && parseMarker(c.body ?? "")?.kind === kind;
}

/** How {@link planComments} treats packc's earlier comments. */
export interface PlanOptions {
  /** Post nothing new: when packc has no comment of this kind yet, plan nothing (`comment-on-no-change: false`). */
  onlyUpdate?: boolean;
  /** Post every part anew at the bottom of the conversation, then delete the old ones (`recreate: true`). */
  recreate?: boolean;
}

/**
 * Plans the sticky update (pure). With `options.recreate`, every part is created and every
 * earlier comment of ours deleted (creations first, so the conversation is never without one);
 * with `options.onlyUpdate` and no comment of ours yet, nothing is planned. Otherwise packc's
 * existing comments of `kind` (see {@link isOurs}) are
 * matched to `parts` by part number, oldest first, and kept only while they stay in timeline
 * order: part N is reused when its comment is newer than part N−1's and no earlier part had to
 * be created (new comments always land last). A reused part is updated when its body differs,
 * a missing part created, and every other comment of ours (parts beyond the new count,
 * duplicates left by racing runs, parts out of order) deleted. Updates come first, then
 * creations, then deletions, so an interrupted run leaves a stale part rather than none. Other
 * comments are never touched.
 */
export function planComments(existing: readonly IssueComment[], kind: CommentKind, parts: readonly string[], options: PlanOptions = {}): CommentOp[] {
  const ours = existing.filter((c) => isOurs(c, kind)).sort((a, b) => a.id - b.id);
  if (options.onlyUpdate && !ours.length) return [];
  if (options.recreate) return [...parts.map((body): CommentOp => ({ op: "create", body })), ...ours.map((c): CommentOp => ({ op: "delete", id: c.id }))];
  const byPart = new Map<number, IssueComment>();
  for (const c of ours) {
    const n = parseMarker(c.body ?? "")!.n;
    if (!byPart.has(n)) byPart.set(n, c);
  }
  const kept = new Set<number>();
  const updates: CommentOp[] = [];
  const creates: CommentOp[] = [];
  let last = -Infinity;
  parts.forEach((body, i) => {
    const have = byPart.get(i + 1);
    if (creates.length || !have || have.id < last) {
      creates.push({ op: "create", body });
      return;
    }
    kept.add(have.id);
    last = have.id;
    if (have.body !== body) updates.push({ op: "update", id: have.id, body });
  });
  const deletes = ours.filter((c) => !kept.has(c.id)).map((c): CommentOp => ({ op: "delete", id: c.id }));
  return [...updates, ...creates, ...deletes];
}

/** What a sticky update did. */
export interface SyncResult {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  /** Nothing was posted because there was nothing to update (`onlyUpdate` with no comment of ours). */
  skipped: boolean;
}

/** The GitHub calls the sticky update needs, bound to one pull request. */
export interface CommentApi {
  /** Every comment of the pull request, all pages. */
  list(): Promise<IssueComment[]>;
  create(body: string): Promise<void>;
  update(id: number, body: string): Promise<void>;
  remove(id: number): Promise<void>;
}

/**
 * Brings the pull request's packc comments of `kind` in line with `parts` (see
 * {@link planComments}): creates the comment once, updates it in place on re-runs, creates
 * missing parts and deletes stale ones. Rejects with the API's error (a 403 for a read-only
 * token, say); the caller decides how to degrade.
 */
export async function syncComments(api: CommentApi, kind: CommentKind, parts: readonly string[], options: PlanOptions = {}): Promise<SyncResult> {
  const existing = await api.list();
  const ops = planComments(existing, kind, parts, options);
  if (options.onlyUpdate && !existing.some((c) => isOurs(c, kind))) return { created: 0, updated: 0, deleted: 0, unchanged: 0, skipped: true };
  const result: SyncResult = { created: 0, updated: 0, deleted: 0, unchanged: 0, skipped: false };
  for (const op of ops) {
    if (op.op === "create") {
      await api.create(op.body);
      result.created++;
    } else if (op.op === "update") {
      await api.update(op.id, op.body);
      result.updated++;
    } else {
      await api.remove(op.id);
      result.deleted++;
    }
  }
  result.unchanged = parts.length - result.created - result.updated;
  return result;
}
