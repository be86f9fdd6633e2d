// Builds the self-contained CLI bundle dist/cli.js. Deterministic: the same sources give the same bytes.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Options shared by the committed build and the staleness test. */
export const buildOptions = {
  absWorkingDir: root,
  entryPoints: ["src/cli/main.ts"],
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  legalComments: "none",
  // Bundled CommonJS dependencies call require(); ESM output needs one in scope.
  banner: { js: "import { createRequire as __packcCreateRequire } from 'node:module';\nconst require = __packcCreateRequire(import.meta.url);" },
  outfile: "dist/cli.js",
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await build(buildOptions);
}
