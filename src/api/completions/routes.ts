import { Elysia } from "elysia";
import type { SwarmResult } from "../../swarm/index.ts";
import { newCompletionId } from "../chat/toCompletion.ts";
import type { GenerationRoutesOptions } from "../generationRoutesOptions.ts";
import { readJsonBody } from "../readJsonBody.ts";
import { completionBody } from "./model.ts";
import { streamTextCompletion } from "./streamTextCompletion.ts";
import { toCompletionCall } from "./toCompletionCall.ts";
import { toTextCompletion } from "./toTextCompletion.ts";

export function completionRoutes({ voter, defaultMaxTokens, keepAliveMs, maxRequestBytes, streamMode }: GenerationRoutesOptions) {
    return new Elysia({ name: "completions" })
        .onParse(({ request }) => readJsonBody(request, maxRequestBytes))
        .post(
            "/v1/completions",
            async ({ body, request }) => {
                const call = toCompletionCall(body, { workers: voter.workers, defaultMaxTokens, streamMode });
                const id = newCompletionId("cmpl");
                const created = Math.floor(Date.now() / 1000);
                const prompts = call.requests.map((one) => one.prompt!.text);
                if (call.stream) {
                    const only = call.requests[0]!;
                    return await streamTextCompletion((signal, onEvent, onAccepted) => voter.run(only, { signal, onEvent, onAccepted }), {
                        id,
                        created,
                        model: voter.model,
                        n: call.n,
                        echo: call.echo ? prompts[0] : undefined,
                        includeUsage: call.includeUsage,
                        keepAliveMs,
                        signal: request.signal
                    });
                }
                // One request holds the workers at a time: the prompts are voted on one after the other.
                const results: SwarmResult[] = [];
                for (const one of call.requests) results.push(await voter.run(one, { signal: request.signal }));
                return toTextCompletion(results, { id, created, n: call.n, prompts, echo: call.echo, promptList: Array.isArray(body.prompt) });
            },
            {
                body: completionBody,
                detail: {
                    summary: "Continue a raw prompt (no chat template), answered by every worker and chosen by vote",
                    tags: ["completions"]
                }
            }
        );
}
