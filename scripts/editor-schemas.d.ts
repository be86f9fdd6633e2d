/** Where the editor schemas go, relative to the repository (schemas/editor). */
export declare const EDITOR_DIR: string;
/** Which files each schema is for, as editor globs: schema name → globs. */
export declare const ASSOCIATIONS: Record<string, string[]>;
/** The editor's version of packc's schema `name`. */
export declare function editorSchema(name: string, schema: unknown): Record<string, unknown>;
/** Every editor schema: file name → text. */
export declare function editorSchemaFiles(root: string): Map<string, string>;
/** The VS Code settings that use the editor schemas from the installed package. */
export declare function vscodeSettings(): { "yaml.schemas": Record<string, string[]>; "json.schemas": { fileMatch: string[]; url: string }[] };
/** The lax numeric string patterns (pydantic's lax mode), as src/validate/aliases.ts has them. */
export declare const LAX: { integer: string; number: string };
/** camelCase → snake_case, as src/validate/aliases.ts's snakeCase. */
export declare function snakeCase(name: string): string;
