import { stringify } from "yaml";

/**
 * Keys whose string values are content digests (a pack's `integrity`, a policy bundle's
 * `sha256`): they change with every byte of what they digest, which the review view already
 * shows, and say nothing a reviewer can read.
 */
const DIGEST_KEYS = new Set(["integrity", "sha256"]);

function withoutDigests(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDigests);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!(DIGEST_KEYS.has(k) && typeof v === "string")) out[k] = withoutDigests(v);
  return out;
}

/**
 * An active config as a reviewer reads it, for the per-tenant diff: YAML with keys in code-point
 * order, digests left out ({@link DIGEST_KEYS}; a pack edited in place is named in the change
 * set instead), and every multi-line string (a policy fragment, a prompt, a template) as a
 * literal block, so a changed rule shows as its own YAML lines rather than one escaped JSON
 * string. Lines are never folded. Pure; the compiled artefact itself stays canonical JSON.
 */
export function reviewView(config: unknown): string {
  if (config === null || config === undefined) return "";
  return stringify(withoutDigests(config), { sortMapEntries: (a, b) => (String(a.key) < String(b.key) ? -1 : String(a.key) > String(b.key) ? 1 : 0), lineWidth: 0, blockQuote: "literal", aliasDuplicateObjects: false });
}
