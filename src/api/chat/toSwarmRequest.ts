import { InvalidRequestError } from "../../errors.ts";
import { validateOutputSchema, type ChatMessage, type OutputFormat, type SwarmRequest } from "../../swarm/index.ts";
import { parseToolRequest } from "../../tools/index.ts";
import { choiceCount, executionFields, logprobsWhy, requestedStrategy, requestMode, stopList, unsupportedParameter, type ModeLimits } from "../requestFields.ts";
import type { ChatCompletionBody } from "./model.ts";
import { toThinking, type ReasoningFormat } from "./toThinking.ts";

export interface ChatCall {
    readonly request: SwarmRequest;
    /** Choices to return: the top-n distinct candidates of the vote. */
    readonly n: number;
    readonly stream: boolean;
    readonly includeUsage: boolean;
    /** Where the winner's thinking goes in the response. */
    readonly reasoningFormat: ReasoningFormat;
}

export interface ChatLimits extends ModeLimits {
    readonly defaultMaxTokens: number;
}

/** Checks an OpenAI chat request beyond its schema and turns it into a swarm request. */
export function toSwarmRequest(body: ChatCompletionBody, limits: ChatLimits): ChatCall {
    const messages = body.messages.map((message, index) => toMessage(message, index));
    if (!messages.some((message) => message.role === "user"))
        throw new InvalidRequestError("messages must contain at least one user message", { param: "messages" });

    // Refused rather than ignored: a client that asks for them relies on them.
    if (body.logprobs === true) throw unsupportedParameter("logprobs", logprobsWhy);
    if ((body.top_logprobs ?? 0) > 0) throw unsupportedParameter("top_logprobs", logprobsWhy);
    const n = choiceCount(body.n, limits.workers);
    const strategy = requestedStrategy(body.strategy);

    const format = toFormat(body.response_format ?? undefined);
    const tools = parseToolRequest({ tools: body.tools, tool_choice: body.tool_choice, parallel_tool_calls: body.parallel_tool_calls ?? undefined });
    if (tools != null && format != null)
        throw new InvalidRequestError("response_format cannot be combined with tools; describe the output as a function instead", { param: "response_format" });
    if (tools != null && n > 1)
        throw new InvalidRequestError("n > 1 is not supported with tools: the workers vote on one set of calls", { param: "n" });
    const { thinking, reasoningFormat } = toThinking(body);
    const stream = body.stream === true;
    const request: SwarmRequest = {
        messages,
        strategy,
        adaptive: body.adaptive ?? undefined,
        ...executionFields(body.swarm),
        params: {
            maxTokens: body.max_completion_tokens ?? body.max_tokens ?? limits.defaultMaxTokens,
            temperature: body.temperature ?? undefined,
            topP: body.top_p ?? undefined,
            seed: body.seed ?? undefined,
            stop: stopList(body.stop),
            format,
            tools,
            thinking
        }
    };
    const mode = requestMode(request, { n, stream, requested: body.swarm?.mode }, limits);

    return {
        request: { ...request, mode },
        n,
        stream,
        includeUsage: body.stream_options?.include_usage === true,
        reasoningFormat
    };
}

const roles: Record<string, ChatMessage["role"]> = { system: "system", developer: "system", user: "user", assistant: "assistant", tool: "tool" };

function toMessage(message: ChatCompletionBody["messages"][number], index: number): ChatMessage {
    const param = `messages.${index}`;
    const role = roles[message.role];
    if (role == null)
        throw new InvalidRequestError(`${param}.role "${message.role}" is not supported; use system, developer, user, assistant or tool`, { param: `${param}.role` });
    let content: string;
    if (message.content == null) content = "";
    else if (typeof message.content === "string") content = message.content;
    else
        content = message.content.map((part, partIndex) => {
            if (part.type !== "text" || typeof part.text !== "string")
                throw new InvalidRequestError(`${param}.content.${partIndex}: only text content parts are supported (got "${part.type}")`, { param: `${param}.content` });
            return part.text;
        }).join("\n");
    if (content.trim() === "" && role !== "assistant" && role !== "tool")
        throw new InvalidRequestError(`${param}.content is empty`, { param: `${param}.content` });
    if (role === "tool") {
        if (message.tool_call_id == null)
            throw new InvalidRequestError(`${param}.tool_call_id is required on a tool message`, { param: `${param}.tool_call_id` });
        return { role, content, toolCallId: message.tool_call_id };
    }
    if (role === "assistant" && message.tool_calls != null && message.tool_calls.length > 0)
        return { role, content, toolCalls: message.tool_calls.map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments })) };
    return { role, content };
}

function toFormat(format: ChatCompletionBody["response_format"]): OutputFormat | undefined {
    if (format == null || format.type === "text") return undefined;
    if (format.type === "json_object") return { kind: "json" };
    const schema = format.json_schema?.schema;
    if (schema == null)
        throw new InvalidRequestError("response_format.json_schema.schema is required for type json_schema", { param: "response_format" });
    return { kind: "jsonSchema", schema: validateOutputSchema(schema, "response_format.json_schema.schema", "response_format") };
}
