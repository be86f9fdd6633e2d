import type { ValidateFunction } from "ajv/dist/2020.js";

/**
 * packc's own schemas compiled ahead of time (`scripts/validators.js`), by schema reference
 * (`name`, or `name#/$defs/x`), given ajv-formats' `fullFormats` and ajv's `ucs2length`.
 */
export function validators(deps: { fullFormats: unknown; ucs2length: unknown }): Record<string, ValidateFunction>;
/**
 * The JSON Schema 2020-12 meta-schema's validator, generated from a resource-schema compiler
 * (`scripts/validators.js`), given ajv's `equal`. It sets `errors` as an ajv-compiled validator.
 */
export function metaSchema2020(deps: { equal: unknown }): ValidateFunction;
