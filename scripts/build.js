// Builds the self-contained bundles: dist/cli.js (the CLI) and dist/action.js (the GitHub
// Action), after regenerating packc's schemas compiled ahead of time (scripts/validators.js).
// Deterministic: the same sources give the same bytes.
import { build } from "esbuild";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GENERATED, validatorsSource } from "./validators.js";

const root = fileURLToPath(new URL("..", import.meta.url));

const shared = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  legalComments: "none",
  // Bundled CommonJS dependencies call require(); ESM output needs one in scope.
  banner: { js: "import { createRequire as __packcCreateRequire } from 'node:module';\nconst require = __packcCreateRequire(import.meta.url);" },
};

/** Options of every committed bundle; the staleness test rebuilds each and compares bytes. */
export const bundles = [
  { ...shared, entryPoints: ["src/cli/main.ts"], outfile: "dist/cli.js" },
  { ...shared, entryPoints: ["src/action/main.ts"], outfile: "dist/action.js" },
];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // The schemas compiled ahead of time are part of the sources the bundles are built from.
  writeFileSync(join(root, GENERATED), validatorsSource());
  for (const options of bundles) await build(options);
}
