// Generates schemas/editor/*.schema.json: packc's schemas (schemas/*.schema.json) as an editor
// should use them, so that an editor shows no error where packc shows none. packc validates
// some documents more leniently than its schemas say, as the runtimes read them:
//   - Cordum pack manifests and workflows, Portarium manifests and MAPLE platform packs: the
//     runtime ignores unknown keys, so packc warns (PK116) instead of failing; the editor
//     schemas leave `additionalProperties: false` out of them.
//   - the exception platform's domain and tenant packs: pydantic accepts the snake_case
//     spelling of every field (`populate_by_name`) and, in lax mode, a number written as a
//     string (`"90"`); the editor schemas accept both spellings and those strings.
// Deterministic: the same schemas give the same bytes. `npm run build` writes them.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Where the editor schemas go, relative to the repository. */
export const EDITOR_DIR = "schemas/editor";

/**
 * Which files of a packs repository each schema is for, as editor globs (`**` first, so they
 * also match in a monorepo). A file matches at most one.
 */
export const ASSOCIATIONS = {
  packc: ["**/packc.yaml"],
  "system-config": ["**/config/system.yaml"],
  "safety-policy": ["**/config/safety.yaml", "**/packs/*/*/overlays/*.fragment.yaml"],
  tenant: ["**/tenants/*/tenant.yaml"],
  lockfile: ["**/tenants/*/packs.lock.json"],
  "tenant-pack": ["**/tenants/*/tenant-packs/v*.json"],
  lifecycle: ["**/packs/*/lifecycle.yaml", "**/tenants/*/tenant-packs/lifecycle.yaml"],
  "cordum-pack": ["**/packs/*/*/pack.yaml"],
  "cordum-workflow": ["**/packs/*/*/workflows/*.yaml"],
  "portarium-manifest": ["**/packs/*/*/pack.manifest.json"],
  "domain-pack": ["**/packs/*/*/domain-pack.json"],
  "platform-pack": ["**/packs/*/*/platform-pack.json", "**/packs/*/*/platform-pack.yaml"],
};

/** Documents whose unknown keys the runtime ignores (packc: `validateDoc(..., { lenient: true })`). */
const LENIENT = new Set(["cordum-pack", "cordum-workflow", "portarium-manifest", "platform-pack"]);
/** Documents read by pydantic models: snake_case spellings and lax numbers (src/validate/aliases.ts). */
const PYDANTIC = new Set(["domain-pack", "tenant-pack"]);
/** What pydantic's lax mode reads as an int or a float from a string: src/validate/aliases.ts's patterns, repeated here because the build runs plain JavaScript (test/editors.test.ts keeps the two equal). */
export const LAX = { integer: "^\\s*[+-]?\\d+\\s*$", number: "^\\s*[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?\\s*$" };

/** `humanApprovalThreshold` → `human_approval_threshold`, `dataTTL` → `data_ttl`: src/validate/aliases.ts's `snakeCase`, repeated for the same reason (kept equal by the same test). */
export function snakeCase(name) {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

/** The editor's version of packc's schema `name` (its JSON value). Pure. */
export function editorSchema(name, schema) {
  const lenient = LENIENT.has(name);
  const pydantic = PYDANTIC.has(name);
  const walk = (node) => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObject(node)) return node;
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      if (lenient && (key === "additionalProperties" || key === "unevaluatedProperties") && value === false) continue;
      out[key] = key === "properties" && isObject(value) ? Object.fromEntries(Object.entries(value).map(([p, s]) => [p, walk(s)])) : walk(value);
    }
    if (!pydantic) return out;
    if (isObject(out.properties)) {
      const aliases = Object.keys(out.properties).filter((p) => snakeCase(p) !== p && !(snakeCase(p) in out.properties));
      for (const p of aliases) out.properties[snakeCase(p)] = out.properties[p];
      if (Array.isArray(out.required)) {
        const either = out.required.filter((r) => aliases.includes(r));
        out.required = out.required.filter((r) => !either.includes(r));
        if (out.required.length === 0) delete out.required;
        if (either.length) out.allOf = [...(out.allOf ?? []), ...either.map((r) => ({ anyOf: [{ required: [r] }, { required: [snakeCase(r)] }] }))];
      }
    }
    const types = Array.isArray(out.type) ? out.type : [out.type];
    const lax = types.includes("number") ? "number" : types.includes("integer") ? "integer" : null;
    if (lax) {
      const { title, description, ...rest } = out;
      return { ...(title !== undefined ? { title } : {}), ...(description !== undefined ? { description } : {}), anyOf: [rest, { type: "string", pattern: LAX[lax] }] };
    }
    return out;
  };
  const { $id: _id, ...rest } = walk(schema);
  return {
    ...rest,
    $comment: `packc's ${name}.schema.json as an editor should use it (scripts/editor-schemas.js): ${lenient ? "unknown keys are allowed, as packc only warns about them" : pydantic ? "snake_case spellings and numbers written as strings are accepted, as packc accepts them" : "the same as packc's"}.`,
  };
}

/**
 * Every editor schema: file name under {@link EDITOR_DIR} → its text, one for each of packc's
 * schemas (those no file is associated with are referenced by others, such as pools and
 * timeouts by the system config: references stay relative, so they find their sibling).
 */
export function editorSchemaFiles(root) {
  const out = new Map();
  const names = readdirSync(join(root, "schemas")).filter((f) => f.endsWith(".schema.json")).map((f) => f.slice(0, -".schema.json".length)).sort();
  for (const name of names) {
    const schema = JSON.parse(readFileSync(join(root, "schemas", `${name}.schema.json`), "utf8"));
    out.set(`${name}.schema.json`, `${JSON.stringify(editorSchema(name, schema), null, 2)}\n`);
  }
  return out;
}

/** The VS Code settings (`yaml.schemas` for the yaml-language-server, `json.schemas` for JSON files) that use the editor schemas from the installed package. */
export function vscodeSettings() {
  const path = (name) => `./node_modules/packc/${EDITOR_DIR}/${name}.schema.json`;
  const yaml = {};
  const json = [];
  for (const [name, globs] of Object.entries(ASSOCIATIONS)) {
    const y = globs.filter((g) => /\.ya?ml$/.test(g));
    const j = globs.filter((g) => g.endsWith(".json"));
    if (y.length) yaml[path(name)] = y;
    if (j.length) json.push({ fileMatch: j, url: path(name) });
  }
  return { "yaml.schemas": yaml, "json.schemas": json };
}
