import { describe, expect } from "vitest";
import { fc, it } from "@fast-check/vitest";
import { isOurs, planComments, type CommentOp, type IssueComment } from "../src/action/comment.js";
import { marker } from "../src/report/markdown.js";

/** Applies a plan the way the API would: new comments get fresh, increasing ids. */
function apply(existing: readonly IssueComment[], ops: readonly CommentOp[]): IssueComment[] {
  let next = Math.max(0, ...existing.map((c) => c.id)) + 1;
  let out = existing.map((c) => ({ ...c }));
  for (const op of ops) {
    if (op.op === "create") out.push({ id: next++, body: op.body, user: { login: "github-actions[bot]", type: "Bot" } });
    else if (op.op === "update") out.find((c) => c.id === op.id)!.body = op.body;
    else out = out.filter((c) => c.id !== op.id);
  }
  return out;
}

const bot = { login: "github-actions[bot]", type: "Bot" };
const person = { login: "octocat", type: "User" };
/** Any mix of packc comments (any kind, any part numbers, some by people pasting the marker) and ordinary ones. */
const comments = fc
  .array(
    fc.record({
      kind: fc.constantFrom("diff", "check", "none"),
      n: fc.integer({ min: 1, max: 6 }),
      m: fc.integer({ min: 1, max: 6 }),
      byBot: fc.boolean(),
      text: fc.string({ maxLength: 8 }),
    }),
    { maxLength: 12 },
  )
  .map((list) =>
    list.map((c, i): IssueComment => ({
      id: i + 1,
      body: c.kind === "none" ? c.text : `${marker(c.kind as "diff" | "check", c.n, c.m)}\n${c.text}`,
      user: c.byBot ? bot : person,
    })),
  );
const parts = fc.integer({ min: 1, max: 5 }).chain((m) => fc.array(fc.string({ maxLength: 6 }), { minLength: m, maxLength: m }).map((texts) => texts.map((t, i) => `${marker("diff", i + 1, m)}\n${t}`)));

describe("the sticky comment plan", () => {
  it.prop([comments, parts])("leaves exactly the new parts as packc's diff comments, in order, and touches nothing else", (existing, want) => {
    const after = apply(existing, planComments(existing, "diff", want));
    expect(after.filter((c) => isOurs(c, "diff")).sort((a, b) => a.id - b.id).map((c) => c.body)).toEqual(want);
    const others = (list: IssueComment[]) => list.filter((c) => !isOurs(c, "diff"));
    expect(others(after)).toEqual(others(existing));
  });

  it.prop([comments, parts])("is idempotent: planning again after applying changes nothing", (existing, want) => {
    const after = apply(existing, planComments(existing, "diff", want));
    expect(planComments(after, "diff", want)).toEqual([]);
  });

  it.prop([comments, parts])("creates only a suffix of the parts, and on a plain re-run reuses every part it still needs", (existing, want) => {
    const ops = planComments(existing, "diff", want);
    const created = ops.flatMap((o) => (o.op === "create" ? [o.body] : []));
    expect(created).toEqual(want.slice(want.length - created.length));
    const ours = existing.filter((c) => isOurs(c, "diff"));
    const inOrder = ours.every((c, i) => c.body!.startsWith(marker("diff", i + 1, ours.length)));
    if (inOrder) {
      expect(created).toHaveLength(Math.max(0, want.length - ours.length));
      expect(ops.filter((o) => o.op === "delete")).toHaveLength(Math.max(0, ours.length - want.length));
    }
  });

  it.prop([comments])("never edits or deletes a comment a person wrote, even one that starts with the marker", (existing) => {
    const ops = planComments(existing, "diff", [marker("diff", 1, 1)]);
    const touched = new Set(ops.flatMap((o) => (o.op === "create" ? [] : [o.id])));
    for (const c of existing) if (c.user?.type !== "Bot") expect(touched.has(c.id)).toBe(false);
  });
});
