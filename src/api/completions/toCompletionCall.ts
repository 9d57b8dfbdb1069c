import { InvalidRequestError } from "../../errors.ts";
import { textRequest, type SwarmRequest } from "../../swarm/index.ts";
import { choiceCount, executionFields, logprobsWhy, requestedStrategy, requestMode, stopList, unsupportedParameter, type ModeLimits } from "../requestFields.ts";
import type { CompletionBody } from "./model.ts";

export interface CompletionCall {
    /** One voted request per prompt, run one after the other. */
    readonly requests: readonly SwarmRequest[];
    readonly n: number;
    readonly stream: boolean;
    readonly includeUsage: boolean;
    readonly echo: boolean;
}

export interface CompletionLimits extends ModeLimits {
    readonly defaultMaxTokens: number;
}

/**
 * Checks an OpenAI completions request beyond its schema and turns each prompt into a raw-prompt
 * swarm request. What this server cannot honour is refused by name, never silently ignored.
 */
export function toCompletionCall(body: CompletionBody, limits: CompletionLimits): CompletionCall {
    refuseUnsupported(body);
    const prompts = typeof body.prompt === "string" ? [body.prompt] : body.prompt;
    if (!prompts.every((prompt): prompt is string => typeof prompt === "string"))
        throw new InvalidRequestError("prompt: token arrays are not supported; send the prompt as text", { param: "prompt", code: "unsupported_parameter" });
    const n = choiceCount(body.n, limits.workers);
    if (body.best_of != null && body.best_of > n)
        throw new InvalidRequestError(`best_of ${body.best_of} > n is not supported: every one of the ${limits.workers} workers writes one candidate and the vote returns the best n`, { param: "best_of", code: "unsupported_parameter" });
    const stream = body.stream === true;
    if (stream && prompts.length > 1)
        throw new InvalidRequestError("stream with several prompts is not supported: send one request per prompt", { param: "prompt", code: "unsupported_parameter" });
    const strategy = requestedStrategy(body.strategy);
    const suffix = body.suffix == null || body.suffix === "" ? undefined : body.suffix;
    const params = {
        maxTokens: body.max_tokens ?? limits.defaultMaxTokens,
        temperature: body.temperature ?? undefined,
        topP: body.top_p ?? undefined,
        seed: body.seed ?? undefined,
        stop: stopList(body.stop)
    };
    return {
        requests: prompts.map((text) => {
            const request = textRequest({ text, ...(suffix == null ? {} : { suffix }) }, { params, strategy, adaptive: body.adaptive ?? undefined, ...executionFields(body.swarm) });
            return { ...request, mode: requestMode(request, { n, stream, requested: body.swarm?.mode }, limits) };
        }),
        n,
        stream,
        includeUsage: body.stream_options?.include_usage === true,
        echo: body.echo === true
    };
}

function refuseUnsupported(body: CompletionBody): void {
    const refuse = (param: string, why: string) => {
        throw unsupportedParameter(param, why);
    };
    if (body.logprobs != null) refuse("logprobs", logprobsWhy);
    if (body.logit_bias != null && Object.keys(body.logit_bias).length > 0) refuse("logit_bias", "token biases are not applied by this server");
    if (body.presence_penalty != null && body.presence_penalty !== 0) refuse("presence_penalty", "repetition penalties are not applied by this server");
    if (body.frequency_penalty != null && body.frequency_penalty !== 0) refuse("frequency_penalty", "repetition penalties are not applied by this server");
}
