import pkg from "../package.json" with { type: "json" };

/** packc's own version (package.json), recorded in `compiled/index.json`. */
export const PACKC_VERSION: string = pkg.version;
