import type { RequestedStrategy } from "../consensus/index.ts";
import type { SwarmRequest } from "../swarm/index.ts";
import type { GenerateRequestBody, WireMessage } from "./protocol.ts";

/**
 * A request as it travels to the peers: only plain JSON fields, nothing node-specific. Undefined
 * for a request protocol v1 cannot carry: tool calling (offered tools, tool turns) stays local.
 */
export function toWireRequest(request: SwarmRequest): GenerateRequestBody | undefined {
    const { params } = request;
    const messages: WireMessage[] = [];
    for (const { role, content, toolCalls } of request.messages) {
        if (role === "tool" || toolCalls != null) return undefined;
        messages.push({ role, content });
    }
    if (params.tools != null) return undefined;
    return {
        messages,
        params: {
            maxTokens: params.maxTokens,
            ...(params.temperature != null ? { temperature: params.temperature } : {}),
            ...(params.topP != null ? { topP: params.topP } : {}),
            ...(params.seed != null ? { seed: params.seed } : {}),
            ...(params.stop != null ? { stop: params.stop } : {}),
            ...(params.format != null ? { format: params.format } : {})
        },
        ...(request.strategy != null ? { strategy: request.strategy } : {}),
        ...(request.adaptive != null ? { adaptive: request.adaptive } : {})
    };
}

/** A peer's request (already checked by parseGenerateRequest) as this node's swarm takes it. */
export function fromWireRequest(body: GenerateRequestBody): SwarmRequest {
    const { params } = body;
    return {
        messages: body.messages,
        params: {
            maxTokens: params.maxTokens,
            ...(params.temperature != null ? { temperature: params.temperature } : {}),
            ...(params.topP != null ? { topP: params.topP } : {}),
            ...(params.seed != null ? { seed: params.seed } : {}),
            ...(params.stop != null ? { stop: params.stop } : {}),
            ...(params.format != null ? { format: params.format } : {})
        },
        ...(body.strategy != null ? { strategy: body.strategy as RequestedStrategy } : {}),
        ...(body.adaptive != null ? { adaptive: body.adaptive } : {})
    };
}
