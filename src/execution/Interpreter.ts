/** How the sandbox starts one language's harness. */
export interface Interpreter {
    /** Program and leading arguments; the harness file name is appended. */
    readonly argv: readonly string[];
    /** Extra environment (on top of the scrubbed one). */
    readonly env: Readonly<Record<string, string>>;
    /** Folders the interpreter needs to see inside the sandbox (read-only). */
    readonly readOnly: readonly string[];
}
