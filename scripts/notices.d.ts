import type { Metafile } from "esbuild";
/** THIRD_PARTY_NOTICES.md's text for the inputs of `metafiles`, read from the packages under `root`. Throws for a pre-bundled input file. */
export declare function noticesText(root: string, metafiles: Metafile[]): string;
