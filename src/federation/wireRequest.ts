import type { RequestedStrategy } from "../consensus/index.ts";
import type { SwarmRequest } from "../swarm/index.ts";
import type { GenerateRequestBody, WireMessage } from "./protocol.ts";

type WireParams = GenerateRequestBody["params"];

/**
 * A request as it travels to the peers: only plain JSON fields, nothing node-specific. Undefined
 * for a request protocol v1 cannot carry: tool calling (offered tools, tool turns) and raw prompts stay local.
 */
export function toWireRequest(request: SwarmRequest): GenerateRequestBody | undefined {
    const messages: WireMessage[] = [];
    for (const { role, content, toolCalls } of request.messages) {
        if (role === "tool" || toolCalls != null) return undefined;
        messages.push({ role, content });
    }
    if (request.params.tools != null || request.prompt != null) return undefined;
    return {
        messages,
        params: portableParams(request.params),
        ...(request.strategy != null ? { strategy: request.strategy } : {}),
        ...(request.adaptive != null ? { adaptive: request.adaptive } : {})
    };
}

/** A peer's request (already checked by parseGenerateRequest) as this node's swarm takes it. */
export function fromWireRequest(body: GenerateRequestBody): SwarmRequest {
    return {
        messages: body.messages,
        params: portableParams(body.params),
        ...(body.strategy != null ? { strategy: body.strategy as RequestedStrategy } : {}),
        ...(body.adaptive != null ? { adaptive: body.adaptive } : {})
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
