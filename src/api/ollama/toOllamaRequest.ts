import { InvalidRequestError, NotFoundError } from "../../errors.ts";
import { textRequest, validateOutputSchema, type ChatMessage, type GenerationParams, type OutputFormat, type SwarmRequest } from "../../swarm/index.ts";
import { requestMode, unsupportedParameter, type ModeLimits } from "../requestFields.ts";
import type { OllamaChatBody, OllamaFormat, OllamaGenerateBody, OllamaOptions } from "./model.ts";

export interface OllamaLimits extends ModeLimits {
    readonly model: string;
    readonly defaultMaxTokens: number;
    /** Context tokens each worker has: `num_ctx` may not ask for more. */
    readonly contextSize: number;
}

/** An Ollama request for the swarm; `request` is absent for an empty one, which in Ollama only loads the model. */
export interface OllamaCall {
    readonly request: SwarmRequest | undefined;
    readonly stream: boolean;
}

/**
 * Ollama names a model `name:tag`; the served model answers to its id, with or without `:latest`.
 * Any other name is Ollama's 404, so a client configured for a model this server lacks finds out.
 */
export function checkModelName(name: string, served: string): void {
    if (name !== served && name !== `${served}:latest`)
        throw new NotFoundError(`model "${name}" not found; this server serves "${served}"`, { code: "model_not_found", param: "model" });
}

export function ollamaChatCall(body: OllamaChatBody, limits: OllamaLimits): OllamaCall {
    checkModelName(body.model, limits.model);
    if (body.tools != null && body.tools.length > 0)
        throw unsupportedParameter("tools", "tool calling is served on /v1/chat/completions (OpenAI's format), where the workers vote on the calls");
    const params = ollamaParams(body.options, body.format, limits);
    const messages = body.messages.map((message, index): ChatMessage => {
        const param = `messages.${index}`;
        if (message.images != null && message.images.length > 0) throw unsupportedParameter(`${param}.images`, "the served models read text only");
        if (message.tool_calls != null && message.tool_calls.length > 0) throw unsupportedParameter(`${param}.tool_calls`, "tool calling is served on /v1/chat/completions");
        if (message.role !== "system" && message.role !== "user" && message.role !== "assistant")
            throw new InvalidRequestError(`${param}.role "${message.role}" is not supported; use system, user or assistant`, { param: `${param}.role` });
        return { role: message.role, content: message.content };
    });
    if (messages.length === 0) return { request: undefined, stream: body.stream !== false };
    if (!messages.some((message) => message.role === "user"))
        throw new InvalidRequestError("messages must contain at least one user message", { param: "messages" });
    return answered({ messages, params }, body.stream !== false, limits);
}

/** `raw` or a `suffix`: the prompt continued as is; otherwise the model's template around `system` and `prompt`, as Ollama does. */
export function ollamaGenerateCall(body: OllamaGenerateBody, limits: OllamaLimits): OllamaCall {
    checkModelName(body.model, limits.model);
    if (body.images != null && body.images.length > 0) throw unsupportedParameter("images", "the served models read text only");
    if (body.template != null && body.template !== "") throw unsupportedParameter("template", "the model's own template (from its GGUF) is used; send raw: true with the prompt already formatted");
    if (body.context != null && body.context.length > 0) throw unsupportedParameter("context", "send the conversation to /api/chat instead");
    const params = ollamaParams(body.options, body.format, limits);
    const stream = body.stream !== false;
    const prompt = body.prompt ?? "";
    if (prompt === "" && (body.suffix ?? "") === "") return { request: undefined, stream };
    if (body.raw === true || (body.suffix ?? "") !== "")
        return answered(textRequest({ text: prompt, ...((body.suffix ?? "") === "" ? {} : { suffix: body.suffix! }) }, { params }), stream, limits);
    const messages: ChatMessage[] = [...(body.system == null || body.system === "" ? [] : [{ role: "system" as const, content: body.system }]), { role: "user", content: prompt }];
    return answered({ messages, params }, stream, limits);
}

/** The call with the request's mode: Ollama streams by default, so its streams start at once as OpenAI's do. */
function answered(request: SwarmRequest, stream: boolean, limits: OllamaLimits): OllamaCall {
    return { request: { ...request, mode: requestMode(request, { n: 1, stream }, limits) }, stream };
}

function ollamaParams(options: OllamaOptions | undefined, format: OllamaFormat | undefined, limits: OllamaLimits): GenerationParams {
    if (options?.num_ctx != null && options.num_ctx > limits.contextSize)
        throw new InvalidRequestError(`options.num_ctx ${options.num_ctx} is more than the ${limits.contextSize} tokens each worker's context holds (--context-size)`, { param: "options.num_ctx" });
    const predict = options?.num_predict;
    if (predict === 0) throw new InvalidRequestError("options.num_predict must be positive, or -1 for the server's default", { param: "options.num_predict" });
    return {
        maxTokens: predict == null || predict < 0 ? limits.defaultMaxTokens : predict,
        temperature: options?.temperature,
        topP: options?.top_p,
        seed: options?.seed,
        stop: options?.stop,
        format: outputFormat(format)
    };
}

function outputFormat(format: OllamaFormat | undefined): OutputFormat | undefined {
    if (format == null || format === "") return undefined;
    if (format === "json") return { kind: "json" };
    return { kind: "jsonSchema", schema: validateOutputSchema(format, "format", "format") };
}
