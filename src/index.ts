/**
 * The entry of `dist/cli.js`: the CLI's `main` (what `bin/packc.js` runs) and the programmatic
 * API (`src/api.ts`), one bundle for both so the package ships packc's code once.
 */
export { main } from "./cli/main.js";
export * from "./api.js";
