import type { BuildOptions } from "esbuild";
/** Options shared by the committed build and the staleness test. */
export declare const buildOptions: BuildOptions;
