import { InvalidRequestError } from "../../errors.ts";
import type { ReasoningEffort, ThinkingParams } from "../../swarm/index.ts";
import type { ChatCompletionBody } from "./model.ts";

/**
 * Where the winner's thinking goes in the response, by llama-server's `reasoning_format` names:
 * `separate` (`auto`, `deepseek`): in `reasoning_content`; `both` (`deepseek-legacy`): there and
 * inline; `inline` (`none`): inside `content` between `<think>` and `</think>`, as DeepSeek-R1
 * writes it; `hidden` (local-swarm's own): dropped, only counted in `usage`.
 */
export type ReasoningFormat = "separate" | "both" | "inline" | "hidden";

const formats: Readonly<Record<string, ReasoningFormat>> = { auto: "separate", deepseek: "separate", "deepseek-legacy": "both", none: "inline", hidden: "hidden" };
const efforts: readonly ReasoningEffort[] = ["low", "medium", "high"];

export interface ThinkingRequest {
    readonly thinking?: ThinkingParams;
    readonly reasoningFormat: ReasoningFormat;
}

/**
 * The request's thinking options: `reasoning_format`, `reasoning_effort` (gpt-oss levels; other
 * formats have none and ignore it), `thinking_budget`, and `chat_template_kwargs.enable_thinking`
 * (the only template argument a request may set). Unknown values are refused.
 */
export function toThinking(body: ChatCompletionBody): ThinkingRequest {
    const reasoningFormat = body.reasoning_format == null ? "separate" : formats[body.reasoning_format];
    if (reasoningFormat == null)
        throw new InvalidRequestError(`reasoning_format must be one of ${Object.keys(formats).join(", ")}`, { param: "reasoning_format" });
    const effort = body.reasoning_effort ?? undefined;
    if (effort != null && !(efforts as readonly string[]).includes(effort))
        throw new InvalidRequestError(`reasoning_effort must be one of ${efforts.join(", ")}`, { param: "reasoning_effort" });
    let enabled: boolean | undefined;
    for (const [key, value] of Object.entries(body.chat_template_kwargs ?? {})) {
        if (key !== "enable_thinking")
            throw new InvalidRequestError(`chat_template_kwargs.${key} is not supported; only enable_thinking is`, { param: `chat_template_kwargs.${key}` });
        if (typeof value !== "boolean")
            throw new InvalidRequestError("chat_template_kwargs.enable_thinking must be true or false", { param: "chat_template_kwargs.enable_thinking" });
        enabled = value;
    }
    const budget = body.thinking_budget ?? undefined;
    const thinking: ThinkingParams = {
        ...(enabled == null ? {} : { enabled }),
        ...(budget == null ? {} : { budget }),
        ...(effort == null ? {} : { effort: effort as ReasoningEffort })
    };
    return { reasoningFormat, ...(Object.keys(thinking).length === 0 ? {} : { thinking }) };
}
