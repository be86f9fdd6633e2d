import type { BuildOptions } from "esbuild";
/** Options of every committed bundle (dist/cli.js, dist/action.js). */
export declare const bundles: (BuildOptions & { outfile: string })[];
