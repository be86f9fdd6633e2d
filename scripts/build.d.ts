import type { BuildOptions } from "esbuild";
/** Options of every committed bundle (dist/cli.js, dist/action.js). */
export declare const bundles: (BuildOptions & { outfile: string })[];
/** Where the notices of the bundled packages go (THIRD_PARTY_NOTICES.md). */
export declare const NOTICES: string;
/** Where the API's bundled type declarations go (dist/api.d.ts). */
export declare const DECLARATIONS: string;
/** The API's declarations as dts-bundle-generator writes them from src/api.ts. */
export declare function declarationsText(): Promise<string>;
