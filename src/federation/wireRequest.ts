import type { RequestedStrategy } from "../consensus/index.ts";
import type { ChatMessage, SwarmRequest } from "../swarm/index.ts";
import { parseToolRequest, type ToolCalling } from "../tools/index.ts";
import type { GenerateRequestBody, WireMessage, WireTools } from "./protocol.ts";

type WireParams = GenerateRequestBody["params"];

/**
 * A request as it travels to the peers: only plain JSON fields, nothing node-specific. Undefined
 * for a raw-prompt request, which stays local.
 */
export function toWireRequest(request: SwarmRequest): GenerateRequestBody | undefined {
    if (request.prompt != null) return undefined;
    const messages = request.messages.map(({ role, content, toolCalls, toolCallId }): WireMessage => ({
        role,
        content,
        ...(toolCalls != null ? { toolCalls: toolCalls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })) } : {}),
        ...(toolCallId != null ? { toolCallId } : {})
    }));
    const tools = request.params.tools;
    return {
        messages,
        params: portableParams(request.params),
        ...(request.strategy != null ? { strategy: request.strategy } : {}),
        ...(request.adaptive != null ? { adaptive: request.adaptive } : {}),
        ...(tools != null ? { tools: toWireTools(tools) } : {})
    };
}

/** Whether a request needs protocol 2: it offers tools or carries tool turns. */
export function usesTools(body: GenerateRequestBody): boolean {
    return body.tools != null || body.messages.some((message) => message.role === "tool" || message.toolCalls != null);
}

/**
 * A peer's request (already checked by parseGenerateRequest) as this node's swarm takes it. Its
 * tools go through `parseToolRequest`, the check a client's tools get.
 */
export function fromWireRequest(body: GenerateRequestBody): SwarmRequest {
    const tools = body.tools == null ? undefined : parseToolRequest({
        tools: body.tools.functions.map((spec) => ({ type: "function", function: spec })),
        tool_choice: typeof body.tools.choice === "string" ? body.tools.choice : { type: "function", function: { name: body.tools.choice.name } },
        parallel_tool_calls: body.tools.parallel
    });
    return {
        messages: body.messages.map(({ role, content, toolCalls, toolCallId }): ChatMessage => ({
            role,
            content,
            ...(toolCalls != null ? { toolCalls } : {}),
            ...(toolCallId != null ? { toolCallId } : {})
        })),
        params: { ...portableParams(body.params), ...(tools != null ? { tools } : {}) },
        ...(body.strategy != null ? { strategy: body.strategy as RequestedStrategy } : {}),
        ...(body.adaptive != null ? { adaptive: body.adaptive } : {})
    };
}

function toWireTools(calling: ToolCalling): WireTools {
    return {
        functions: calling.functions.map((spec) => ({ name: spec.name, ...(spec.description != null ? { description: spec.description } : {}), parameters: spec.parameters })),
        choice: calling.choice.mode === "function" ? { name: calling.choice.name } : calling.choice.mode,
        parallel: calling.parallel
    };
}

/**
 * The sampling settings both directions carry, copied field by field so that anything else (tools)
 * stays behind and a field one side left out stays absent rather than `undefined`.
 */
function portableParams(params: WireParams): WireParams {
    return {
        maxTokens: params.maxTokens,
        ...(params.temperature != null ? { temperature: params.temperature } : {}),
        ...(params.topP != null ? { topP: params.topP } : {}),
        ...(params.seed != null ? { seed: params.seed } : {}),
        ...(params.stop != null ? { stop: params.stop } : {}),
        ...(params.format != null ? { format: params.format } : {}),
        ...(params.thinking != null ? { thinking: params.thinking } : {})
    };
}
