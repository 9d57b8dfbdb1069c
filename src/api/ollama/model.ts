import { t, type Static } from "elysia";

/** Ollama's `options`; those listed are honoured, any other is accepted and ignored as Ollama itself does. */
const options = t.Optional(t.Nullable(t.Object(
    {
        num_predict: t.Optional(t.Integer({ minimum: -2, maximum: 1_000_000, description: "Tokens to generate; -1 or -2: the server's default" })),
        temperature: t.Optional(t.Number({ minimum: 0, maximum: 2 })),
        top_p: t.Optional(t.Number({ exclusiveMinimum: 0, maximum: 1 })),
        seed: t.Optional(t.Integer({ minimum: -(2 ** 53), maximum: 2 ** 53 })),
        stop: t.Optional(t.Array(t.String({ minLength: 1, maxLength: 256 }), { maxItems: 8 })),
        num_ctx: t.Optional(t.Integer({ minimum: 1, description: "At most the context each worker has (it is fixed at start)" }))
    },
    { additionalProperties: true }
)));

const format = t.Optional(t.Nullable(t.Union([t.Literal(""), t.Literal("json"), t.Record(t.String(), t.Unknown(), { description: "A JSON schema the answer must match" })])));

const message = t.Object(
    {
        role: t.String({ maxLength: 64, description: "system, user, assistant or tool" }),
        content: t.String(),
        images: t.Optional(t.Nullable(t.Array(t.String(), { description: "Refused: the served models read text only" }))),
        tool_calls: t.Optional(t.Nullable(t.Array(t.Unknown(), { description: "Refused: tool calling is on /v1/chat/completions" })))
    },
    { additionalProperties: true }
);

const common = {
    model: t.String({ minLength: 1, maxLength: 256 }),
    format,
    options,
    stream: t.Optional(t.Nullable(t.Boolean({ description: "NDJSON stream; default true, as in Ollama" }))),
    keep_alive: t.Optional(t.Unknown({ description: "Accepted and ignored: the model stays loaded while the server runs" }))
};

export const ollamaChatBody = t.Object(
    {
        ...common,
        messages: t.Array(message, { maxItems: 1024 }),
        tools: t.Optional(t.Nullable(t.Array(t.Unknown(), { description: "Refused: tool calling is on /v1/chat/completions" })))
    },
    { additionalProperties: true }
);

export const ollamaGenerateBody = t.Object(
    {
        ...common,
        prompt: t.Optional(t.String()),
        suffix: t.Optional(t.String({ description: "Fill in the middle, where the model has infill tokens" })),
        system: t.Optional(t.String()),
        raw: t.Optional(t.Nullable(t.Boolean({ description: "The prompt as is, no template" }))),
        template: t.Optional(t.String({ description: "Refused: the model's own template is used" })),
        context: t.Optional(t.Nullable(t.Array(t.Integer(), { description: "Refused: send the conversation to /api/chat instead" }))),
        images: t.Optional(t.Nullable(t.Array(t.String(), { description: "Refused: the served models read text only" })))
    },
    { additionalProperties: true }
);

export const ollamaModelBody = t.Object({ model: t.Optional(t.String({ maxLength: 256 })), name: t.Optional(t.String({ maxLength: 256 })) }, { additionalProperties: true });

export const ollamaEmbedBody = t.Object(
    {
        model: t.String({ minLength: 1, maxLength: 256 }),
        input: t.Union([t.String(), t.Array(t.String(), { minItems: 1, maxItems: 2048 })]),
        truncate: t.Optional(t.Boolean({ description: "Inputs are never truncated: one over the context is refused" })),
        dimensions: t.Optional(t.Integer({ minimum: 1 })),
        options,
        keep_alive: common.keep_alive
    },
    { additionalProperties: true }
);

export type OllamaChatBody = Static<typeof ollamaChatBody>;
export type OllamaGenerateBody = Static<typeof ollamaGenerateBody>;
export type OllamaOptions = Static<typeof options>;
export type OllamaFormat = Static<typeof format>;

export const ollamaPullBody = t.Object(
    {
        model: t.Optional(t.String({ maxLength: 1024, description: "What `local-swarm models pull` takes: a catalog name, hf:<org>/<repo>/<file>.gguf or an http(s) URL" })),
        name: t.Optional(t.String({ maxLength: 1024 })),
        stream: t.Optional(t.Boolean({ description: "NDJSON progress unless false" })),
        insecure: t.Optional(t.Boolean({ description: "Accepted; downloads always verify TLS (an http:// URL is fetched as `models pull` fetches it)" }))
    },
    { additionalProperties: true }
);
