import type { JsonSchema } from "./jsonSchema.ts";

/** What a client sees of a tool: the OpenAI function definition, plus whether it changes anything. */
export interface ToolDefinition {
    readonly name: string;
    readonly description: string;
    readonly parameters: JsonSchema;
    /** Writes files or runs commands: `ask --tools` asks before each call unless `--yes`. */
    readonly mutates: boolean;
}

/** A tool's result, sent back to the model as JSON. */
export type ToolOutput = Readonly<Record<string, unknown>>;

/** A tool the executor can run. `run` gets arguments already checked against `parameters`. */
export interface Tool<A = Record<string, unknown>> extends ToolDefinition {
    run(args: A, signal: AbortSignal | undefined): Promise<ToolOutput>;
}
