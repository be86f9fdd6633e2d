/** Where the schemas compiled ahead of time are written, relative to the repository. */
export declare const GENERATED: string;
/** The generated module's text (deterministic). */
export declare function validatorsSource(): string;
