import { strategyNames } from "../consensus/index.ts";
import { InvalidRequestError } from "../errors.ts";
import { validateOutputSchema } from "../swarm/index.ts";
import type { CandidateSummary, GenerateRequestBody, HelloInfo, NodeVote, WireFormat, WireFunction, WireMessage, WireProposedCall, WireThinking, WireToolCall, WireTools } from "./protocol.ts";
import { nodeIdPattern, wireToolLimits } from "./protocol.ts";

/**
 * Checks JSON that came from a peer, field by field: nothing a peer sends is used before it has
 * the expected shape, and nothing in it is ever treated as a path or code.
 * Each parser throws InvalidRequestError naming the first bad field.
 */
type Json = Record<string, unknown>;

/** Roles per protocol version: tool turns exist from version 2. */
const roles = { 1: ["system", "user", "assistant"], 2: ["system", "user", "assistant", "tool"] } as const;
export type WireVersion = keyof typeof roles;

function fail(field: string, why: string): never {
    throw new InvalidRequestError(`${field} ${why}`, { param: field });
}

function object(value: unknown, field: string): Json {
    if (value == null || typeof value !== "object" || Array.isArray(value)) fail(field, "must be an object");
    return value as Json;
}

function text(value: unknown, field: string, maxLength = Number.POSITIVE_INFINITY): string {
    if (typeof value !== "string") fail(field, "must be a string");
    if ((value as string).length > maxLength) fail(field, `must be at most ${maxLength} characters`);
    return value as string;
}

function number(value: unknown, field: string, min: number, max: number, integer = false): number {
    if (typeof value !== "number" || !Number.isFinite(value)) fail(field, "must be a number");
    const checked = value as number;
    if (integer && !Number.isInteger(checked)) fail(field, "must be a whole number");
    if (checked < min || checked > max) fail(field, `must be between ${min} and ${max}`);
    return checked;
}

function optional<T>(value: unknown, parse: (value: unknown) => T): T | undefined {
    return value === undefined ? undefined : parse(value);
}

function list<T>(value: unknown, field: string, maxItems: number, parse: (item: unknown, field: string) => T): T[] {
    if (!Array.isArray(value)) fail(field, "must be a list");
    const items = value as unknown[];
    if (items.length > maxItems) fail(field, `must have at most ${maxItems} items`);
    return items.map((item, index) => parse(item, `${field}[${index}]`));
}

function nodeId(value: unknown, field: string): string {
    const id = text(value, field);
    if (!nodeIdPattern.test(id)) fail(field, "must be a node id (16 hex digits)");
    return id;
}

export function parseHello(value: unknown): HelloInfo {
    const json = object(value, "hello");
    return {
        protocol: number(json.protocol, "protocol", 1, 1_000_000, true),
        id: nodeId(json.id, "id"),
        boot: text(json.boot, "boot", 64),
        model: text(json.model, "model", 256),
        workers: number(json.workers, "workers", 0, 4096, true),
        capabilities: list(json.capabilities, "capabilities", 32, (item, field) => text(item, field, 64)),
        mdns: json.mdns === true
    };
}

function message(value: unknown, field: string, version: WireVersion): WireMessage {
    const json = object(value, field);
    const role = text(json.role, `${field}.role`);
    const allowed: readonly string[] = roles[version];
    if (!allowed.includes(role)) fail(`${field}.role`, `must be one of ${allowed.join(", ")}`);
    const content = text(json.content, `${field}.content`);
    if (version === 1) return { role: role as WireMessage["role"], content };
    const toolCalls = role === "assistant" ? optional(json.toolCalls, (item) => list(item, `${field}.toolCalls`, wireToolLimits.calls, toolCall)) : undefined;
    const toolCallId = role === "tool" ? text(json.toolCallId, `${field}.toolCallId`, 256) : undefined;
    return { role: role as WireMessage["role"], content, ...optionalFields({ toolCalls, toolCallId }) };
}

function toolCall(value: unknown, field: string): WireToolCall {
    const json = object(value, field);
    return { id: text(json.id, `${field}.id`, 256), name: text(json.name, `${field}.name`, 64), arguments: text(json.arguments, `${field}.arguments`) };
}

/** The functions' schemas are checked again where they are used (`parseToolRequest`, as a client's are). */
function tools(value: unknown): WireTools {
    const json = object(value, "tools");
    const functions = list(json.functions, "tools.functions", wireToolLimits.functions, (item, field): WireFunction => {
        const entry = object(item, field);
        const description = optional(entry.description, (described) => text(described, `${field}.description`, wireToolLimits.description));
        return { name: text(entry.name, `${field}.name`, 64), ...optionalFields({ description }), parameters: object(entry.parameters, `${field}.parameters`) };
    });
    const choice = json.choice === "auto" || json.choice === "required" ? json.choice : { name: text(object(json.choice, "tools.choice").name, "tools.choice.name", 64) };
    if (typeof json.parallel !== "boolean") fail("tools.parallel", "must be true or false");
    return { functions, choice, parallel: json.parallel as boolean };
}

function proposedCall(value: unknown, field: string): WireProposedCall {
    const json = object(value, field);
    if (!("arguments" in json)) fail(`${field}.arguments`, "must be present");
    return { name: text(json.name, `${field}.name`, 64), arguments: json.arguments };
}

function format(value: unknown): WireFormat {
    const json = object(value, "params.format");
    if (json.kind === "json") return { kind: "json" };
    if (json.kind === "jsonSchema") return { kind: "jsonSchema", schema: validateOutputSchema(json.schema, "params.format.schema", "params.format.schema") };
    return fail("params.format.kind", "must be json or jsonSchema");
}

const efforts = ["low", "medium", "high"];

function thinking(value: unknown): WireThinking {
    const json = object(value, "params.thinking");
    const enabled = optional(json.enabled, (item) => (typeof item === "boolean" ? item : fail("params.thinking.enabled", "must be true or false")));
    const budget = optional(json.budget, (item) => number(item, "params.thinking.budget", 1, 1_048_576, true));
    const effort = optional(json.effort, (item) => text(item, "params.thinking.effort", 16));
    if (effort != null && !efforts.includes(effort)) fail("params.thinking.effort", `must be one of ${efforts.join(", ")}`);
    return {
        ...(enabled != null ? { enabled } : {}),
        ...(budget != null ? { budget } : {}),
        ...(effort != null ? { effort: effort as WireThinking["effort"] } : {})
    };
}

/** A phase 1 request, as the route of its protocol version may carry it: version 1 knows no tools. */
export function parseGenerateRequest(value: unknown, version: WireVersion = 1): GenerateRequestBody {
    const json = object(value, "request");
    const params = object(json.params, "params");
    const messages = list(json.messages, "messages", 10_000, (item, field) => message(item, field, version));
    if (messages.length === 0) fail("messages", "must not be empty");
    const strategy = optional(json.strategy, (item) => text(item, "strategy"));
    if (strategy != null && !(strategyNames as readonly string[]).includes(strategy)) fail("strategy", `must be one of ${strategyNames.join(", ")}`);
    const adaptive = optional(json.adaptive, (item) => (typeof item === "boolean" ? item : fail("adaptive", "must be true or false")));
    return {
        messages,
        params: {
            maxTokens: number(params.maxTokens, "params.maxTokens", 1, 1_048_576, true),
            temperature: optional(params.temperature, (item) => number(item, "params.temperature", 0, 2)),
            topP: optional(params.topP, (item) => number(item, "params.topP", 0, 1)),
            seed: optional(params.seed, (item) => number(item, "params.seed", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, true)),
            stop: optional(params.stop, (item) => list(item, "params.stop", 16, (entry, field) => text(entry, field, 1024))),
            format: optional(params.format, format),
            thinking: optional(params.thinking, thinking)
        },
        ...(strategy != null ? { strategy } : {}),
        ...(adaptive != null ? { adaptive } : {}),
        ...(version === 2 && json.tools !== undefined ? { tools: tools(json.tools) } : {})
    };
}

function candidate(value: unknown, field: string): CandidateSummary {
    const json = object(value, field);
    return {
        worker: text(json.worker, `${field}.worker`, 64),
        tokens: number(json.tokens, `${field}.tokens`, 0, 1e9, true),
        latencyMs: number(json.latencyMs, `${field}.latencyMs`, 0, 1e9),
        finishReason: text(json.finishReason, `${field}.finishReason`, 32),
        score: json.score === null ? null : number(json.score, `${field}.score`, -1e9, 1e9)
    };
}

export function parseNodeVote(value: unknown): NodeVote {
    const json = object(value, "vote");
    return {
        node: nodeId(json.node, "node"),
        model: text(json.model, "model", 256),
        workers: number(json.workers, "workers", 1, 4096, true),
        worker: text(json.worker, "worker", 64),
        text: text(json.text, "text"),
        ...optionalFields({
            thought: optional(json.thought, (item) => text(item, "thought")),
            thoughtTokens: optional(json.thoughtTokens, (item) => number(item, "thoughtTokens", 0, 1e9, true)),
            cutWhileThinking: optional(json.cutWhileThinking, (item) => (typeof item === "boolean" ? item : fail("cutWhileThinking", "must be true or false")))
        }),
        temperature: number(json.temperature, "temperature", 0, 100),
        seed: number(json.seed, "seed", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, true),
        finishReason: text(json.finishReason, "finishReason", 32),
        tokens: number(json.tokens, "tokens", 0, 1e9, true),
        promptTokens: number(json.promptTokens, "promptTokens", 0, 1e9, true),
        latencyMs: number(json.latencyMs, "latencyMs", 0, 1e9),
        strategy: text(json.strategy, "strategy", 32),
        agreement: number(json.agreement, "agreement", 0, 1),
        confidence: number(json.confidence, "confidence", 0, 1),
        candidates: list(json.candidates, "candidates", 4096, candidate),
        ...optionalFields({ toolCalls: optional(json.toolCalls, (item) => list(item, "toolCalls", wireToolLimits.calls, proposedCall)) })
    };
}

/** The fields that are present: an absent optional field stays absent, never `undefined`. */
function optionalFields<T extends Record<string, unknown>>(fields: T): Partial<T> {
    return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
