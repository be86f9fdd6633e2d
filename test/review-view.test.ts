import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { parse } from "yaml";
import { reviewView } from "../src/diff/review-view.js";

// The review view is the text a reviewer reads in a diff: it must be YAML that says exactly what
// the active config says (less its digests), whatever the strings hold.

const tricky = fc.string({ unit: fc.constantFrom("a", "b", "1", ".", " ", "\n", "\t", "\r", "#", ":", "-", "|", ">", '"', "'", "{", "[", "*", "&", "!", "%", "@", "`", "~", "\u0085", "\u2028", "\u00a0", "\ufeff", "é", "😀", "\u0000", "\u001b"), maxLength: 12 });
const word = fc.oneof(tricky, fc.constantFrom("true", "False", "null", "~", "yes", "on", "1.0.0", "1e3", "0x1F", ".inf", "-1", "job.x.y", "network:egress", "a: b", "- x", "", "line\n", "two\nlines", "\n\nlead", "trail\n\n", " indented\nx"));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), word, fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(word.filter((k) => k !== "integrity" && k !== "sha256" && k !== "__proto__"), tie("value"), { maxKeys: 4 })),
})).value;

describe("the review view of an active config", () => {
  test.prop([json], { numRuns: 1500 })("is YAML that parses back to the same value", (v) => {
    const text = reviewView(v);
    expect(text === "" ? null : parse(text), text).toEqual(JSON.parse(JSON.stringify(v)));
  });

  it("leaves digests out, sorts keys, and shows a multi-line string as a literal block", () => {
    const config = { packs: [{ id: "p", integrity: "sha256-abc", version: "1.0.0" }], policy: { bundles: { "p/safety": { content: "version: v1\nrules:\n  - id: r\n", sha256: "0f".repeat(32) } } }, a: 1 };
    expect(reviewView(config)).toBe(["a: 1", "packs:", "  - id: p", "    version: 1.0.0", "policy:", "  bundles:", "    p/safety:", "      content: |", "        version: v1", "        rules:", "          - id: r", ""].join("\n"));
  });
});
