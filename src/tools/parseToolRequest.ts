import type { GbnfJsonSchema } from "node-llama-cpp";
import { InvalidRequestError } from "../errors.ts";
import type { JsonSchema } from "./jsonSchema.ts";
import { toGrammarSchema } from "./toGrammarSchema.ts";

/** One function a client offers the model. */
export interface FunctionSpec {
    readonly name: string;
    readonly description: string | undefined;
    /** The client's schema, which the finished arguments must satisfy. */
    readonly parameters: JsonSchema;
    /** The same schema as a grammar, which keeps the arguments well-formed while they are generated. */
    readonly grammar: GbnfJsonSchema;
}

export type ToolChoice =
    | { readonly mode: "auto" }
    | { readonly mode: "required" }
    | { readonly mode: "function"; readonly name: string };

/** Tool calling as a chat request asks for it, checked. */
export interface ToolCalling {
    /** The functions the model is offered this turn (only the named one when `tool_choice` names one). */
    readonly functions: readonly FunctionSpec[];
    readonly choice: ToolChoice;
    /** Whether a worker may propose several calls at once (`parallel_tool_calls`, default true). */
    readonly parallel: boolean;
}

export interface ToolRequestFields {
    readonly tools?: unknown;
    readonly tool_choice?: unknown;
    readonly parallel_tool_calls?: unknown;
}

const namePattern = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Checks the `tools`, `tool_choice` and `parallel_tool_calls` of a chat request the way OpenAI
 * does, throwing a 400 that names the bad field. Undefined when the model gets no functions this
 * turn (no tools, or `tool_choice: "none"`).
 */
export function parseToolRequest(body: ToolRequestFields): ToolCalling | undefined {
    const functions = parseTools(body.tools);
    if (body.parallel_tool_calls != null && typeof body.parallel_tool_calls !== "boolean")
        throw invalid("parallel_tool_calls", "must be true or false");
    const parallel = body.parallel_tool_calls !== false;
    const choice = parseChoice(body.tool_choice, functions);
    if (choice === "none" || functions.length === 0) return undefined;
    const offered = choice.mode === "function" ? functions.filter((spec) => spec.name === choice.name) : functions;
    return { functions: offered, choice, parallel };
}

function parseTools(tools: unknown): FunctionSpec[] {
    if (tools == null) return [];
    if (!Array.isArray(tools)) throw invalid("tools", "must be an array of function tools");
    const seen = new Set<string>();
    return tools.map((tool: unknown, index) => {
        const where = `tools[${index}]`;
        if (typeof tool !== "object" || tool === null) throw invalid(where, "must be an object");
        const { type, function: definition } = tool as { type?: unknown; function?: unknown };
        if (type !== "function") throw invalid(`${where}.type`, `must be "function" (got ${JSON.stringify(type)})`);
        if (typeof definition !== "object" || definition === null) throw invalid(`${where}.function`, "must be an object");
        const { name, description, parameters } = definition as { name?: unknown; description?: unknown; parameters?: unknown };
        if (typeof name !== "string" || !namePattern.test(name))
            throw invalid(`${where}.function.name`, "must be 1-64 letters, digits, underscores or dashes");
        if (seen.has(name)) throw invalid(`${where}.function.name`, `"${name}" is defined twice`);
        seen.add(name);
        if (description != null && typeof description !== "string") throw invalid(`${where}.function.description`, "must be a string");
        const schemaWhere = `${where}.function.parameters`;
        if (parameters != null && (typeof parameters !== "object" || Array.isArray(parameters))) throw invalid(schemaWhere, "must be a JSON schema object");
        const schemaType = (parameters as { type?: unknown } | undefined)?.type;
        if (schemaType != null && schemaType !== "object") throw invalid(schemaWhere, 'must be a schema of "type": "object"');
        const schema = { properties: {}, ...(parameters as object | undefined), type: "object" } as JsonSchema;
        return { name, description: description ?? undefined, parameters: schema, grammar: toGrammarSchema(schema, schemaWhere) };
    });
}

function parseChoice(choice: unknown, functions: readonly FunctionSpec[]): ToolChoice | "none" {
    if (choice == null || choice === "auto") return { mode: "auto" };
    if (choice === "none") return "none";
    if (choice === "required") {
        if (functions.length === 0) throw invalid("tool_choice", '"required" needs at least one tool in "tools"');
        return { mode: "required" };
    }
    if (typeof choice === "object") {
        const { type, function: named } = choice as { type?: unknown; function?: { name?: unknown } };
        const name = named?.name;
        if (type === "function" && typeof name === "string") {
            if (!functions.some((spec) => spec.name === name)) throw invalid("tool_choice", `names "${name}", which is not in "tools"`);
            return { mode: "function", name };
        }
    }
    throw invalid("tool_choice", 'must be "none", "auto", "required" or {"type": "function", "function": {"name": ...}}');
}

function invalid(param: string, why: string): InvalidRequestError {
    return new InvalidRequestError(`${param}: ${why}`, { code: "invalid_tools", param });
}
