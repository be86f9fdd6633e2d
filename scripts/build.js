// Builds the self-contained bundles: dist/cli.js (the CLI) and dist/action.js (the GitHub
// Action), after regenerating packc's schemas compiled ahead of time (scripts/validators.js).
// Deterministic: the same sources give the same bytes.
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GENERATED, validatorsSource } from "./validators.js";
import { noticesText } from "./notices.js";
import { EDITOR_DIR, editorSchemaFiles } from "./editor-schemas.js";

const root = fileURLToPath(new URL("..", import.meta.url));

const shared = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  // Licenses go to THIRD_PARTY_NOTICES.md (scripts/notices.js) instead of comments in the bundles.
  legalComments: "none",
  metafile: true,
  // dist/*.js.map: an internal error's stack is mapped back to src/ (src/util/stack-map.ts).
  // The sources' text stays out (the package ships positions, not a second copy of src/).
  sourcemap: true,
  sourcesContent: false,
  // Bundled CommonJS dependencies call require(); ESM output needs one in scope.
  banner: { js: "import { createRequire as __packcCreateRequire } from 'node:module';\nconst require = __packcCreateRequire(import.meta.url);" },
};

/** Options of every committed bundle; the staleness test rebuilds each and compares bytes. */
export const bundles = [
  { ...shared, entryPoints: ["src/index.ts"], outfile: "dist/cli.js" },
  { ...shared, entryPoints: ["src/action/main.ts"], outfile: "dist/action.js" },
];

/** Where the notices of the bundled packages go. */
export const NOTICES = "THIRD_PARTY_NOTICES.md";

/** Where the API's type declarations go: one file, bundled from src/api.ts. */
export const DECLARATIONS = "dist/api.d.ts";

/** The API's declarations (`src/api.ts` and every type it names, in one file), as dts-bundle-generator writes them. */
export async function declarationsText() {
  const { generateDtsBundle } = await import("dts-bundle-generator");
  const [text] = generateDtsBundle([{ filePath: join(root, "src/api.ts"), output: { noBanner: true, exportReferencedTypes: false } }], { preferredConfigPath: join(root, "tsconfig.json") });
  return text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // The schemas compiled ahead of time are part of the sources the bundles are built from.
  writeFileSync(join(root, GENERATED), validatorsSource());
  const metafiles = [];
  for (const options of bundles) metafiles.push((await build(options)).metafile);
  writeFileSync(join(root, NOTICES), noticesText(root, metafiles));
  writeFileSync(join(root, DECLARATIONS), await declarationsText());
  mkdirSync(join(root, EDITOR_DIR), { recursive: true });
  for (const [file, text] of editorSchemaFiles(root)) writeFileSync(join(root, EDITOR_DIR, file), text);
}
