import { Elysia } from "elysia";
import type { GenerationRoutesOptions } from "../generationRoutesOptions.ts";
import { chatCompletion, errorResponses, jsonResponse } from "../openapiResponses.ts";
import { readJsonBody } from "../readJsonBody.ts";
import { chatCompletionBody } from "./model.ts";
import { streamCompletion } from "./streamCompletion.ts";
import { newCompletionId, toCompletion } from "./toCompletion.ts";
import { toSwarmRequest } from "./toSwarmRequest.ts";

export function chatRoutes({ voter, defaultMaxTokens, keepAliveMs, maxRequestBytes, streamMode }: GenerationRoutesOptions) {
    return new Elysia({ name: "chat" })
        .onParse(({ request }) => readJsonBody(request, maxRequestBytes))
        .post(
            "/v1/chat/completions",
            async ({ body, request }) => {
                const call = toSwarmRequest(body, { workers: voter.workers, defaultMaxTokens, streamMode });
                const id = newCompletionId();
                const created = Math.floor(Date.now() / 1000);
                if (call.stream)
                    return await streamCompletion((signal, onEvent, onAccepted) => voter.run(call.request, { signal, onEvent, onAccepted }), {
                        id,
                        created,
                        model: voter.model,
                        n: call.n,
                        includeUsage: call.includeUsage,
                        reasoningFormat: call.reasoningFormat,
                        keepAliveMs,
                        signal: request.signal
                    });
                const result = await voter.run(call.request, { signal: request.signal });
                return toCompletion(result, id, created, call.n, call.reasoningFormat);
            },
            {
                body: chatCompletionBody,
                detail: {
                    summary: "Create a chat completion answered by every worker and chosen by vote",
                    tags: ["chat"],
                    responses: {
                        200: jsonResponse("The voted answer; with `stream: true`, server-sent events of chat.completion.chunk objects, then [DONE]",
                            chatCompletion, { "text/event-stream": { schema: { type: "string" } } }),
                        ...errorResponses
                    }
                }
            }
        );
}
