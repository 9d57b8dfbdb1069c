import { t, type Static } from "elysia";

const contentPart = t.Object(
    {
        type: t.String({ maxLength: 64, description: "Only `text` parts are supported" }),
        text: t.Optional(t.String())
    },
    { additionalProperties: true }
);

const toolCall = t.Object(
    {
        id: t.String({ minLength: 1, maxLength: 256 }),
        type: t.Optional(t.Literal("function")),
        function: t.Object({ name: t.String({ minLength: 1 }), arguments: t.String() }, { additionalProperties: true })
    },
    { additionalProperties: true }
);

const message = t.Object(
    {
        role: t.String({ maxLength: 64, description: "system, developer, user, assistant or tool" }),
        content: t.Optional(t.Union([t.String(), t.Array(contentPart, { maxItems: 256 }), t.Null()])),
        name: t.Optional(t.String({ maxLength: 256 })),
        tool_calls: t.Optional(t.Nullable(t.Array(toolCall, { maxItems: 128 }))),
        tool_call_id: t.Optional(t.String({ minLength: 1, maxLength: 256 }))
    },
    { additionalProperties: true }
);

/** local-swarm extension: how the request is answered, and what the `execution` strategy runs the answers' code against. */
const swarmOptions = t.Object(
    {
        mode: t.Optional(t.Nullable(t.String({ maxLength: 16, description: "auto, single, segments or whole: how the workers answer (see the README's streaming modes)" }))),
        tests: t.Optional(t.Array(t.String({ maxLength: 65536 }), { maxItems: 1024, description: "Test snippets (e.g. Python `assert` lines) the answers' code must pass; absent: the workers write them" })),
        language: t.Optional(t.String({ maxLength: 32, description: "The code's language: python, javascript or typescript (absent: read from the answers)" }))
    },
    { additionalProperties: true }
);

/** The fields every voted generation body (chat, completions) takes beside its own. */
export const swarmExtensionFields = {
    strategy: t.Optional(t.String({ maxLength: 64, description: "local-swarm extension: consensus strategy for this request" })),
    adaptive: t.Optional(t.Nullable(t.Boolean({ description: "local-swarm extension: stop the other workers once the vote is decided (default: the server's setting)" }))),
    swarm: t.Optional(t.Nullable(swarmOptions)),
    user: t.Optional(t.String({ maxLength: 256 }))
};

export const chatCompletionBody = t.Object(
    {
        model: t.Optional(t.String({ maxLength: 256 })),
        messages: t.Array(message, { minItems: 1, maxItems: 1024 }),
        max_tokens: t.Optional(t.Nullable(t.Integer({ minimum: 1, maximum: 1_000_000 }))),
        max_completion_tokens: t.Optional(t.Nullable(t.Integer({ minimum: 1, maximum: 1_000_000 }))),
        temperature: t.Optional(t.Nullable(t.Number({ minimum: 0, maximum: 2 }))),
        top_p: t.Optional(t.Nullable(t.Number({ exclusiveMinimum: 0, maximum: 1 }))),
        seed: t.Optional(t.Nullable(t.Integer({ minimum: -(2 ** 53), maximum: 2 ** 53 }))),
        logprobs: t.Optional(t.Nullable(t.Boolean())),
        top_logprobs: t.Optional(t.Nullable(t.Integer({ minimum: 0, maximum: 20 }))),
        stop: t.Optional(t.Nullable(t.Union([t.String({ minLength: 1, maxLength: 256 }), t.Array(t.String({ minLength: 1, maxLength: 256 }), { maxItems: 8 })]))),
        n: t.Optional(t.Nullable(t.Integer({ minimum: 1, maximum: 64, description: "Top-n distinct candidates of the vote" }))),
        stream: t.Optional(t.Nullable(t.Boolean())),
        stream_options: t.Optional(t.Nullable(t.Object({ include_usage: t.Optional(t.Boolean()) }, { additionalProperties: true }))),
        response_format: t.Optional(t.Nullable(t.Object(
            {
                type: t.Union([t.Literal("text"), t.Literal("json_object"), t.Literal("json_schema")]),
                json_schema: t.Optional(t.Object(
                    { name: t.Optional(t.String()), schema: t.Optional(t.Record(t.String(), t.Unknown())), strict: t.Optional(t.Nullable(t.Boolean())) },
                    { additionalProperties: true }
                ))
            },
            { additionalProperties: true }
        ))),
        tools: t.Optional(t.Nullable(t.Unknown({ description: "Functions the model may call (OpenAI `tools`); checked in full by the service" }))),
        tool_choice: t.Optional(t.Nullable(t.Unknown({ description: "none, auto, required, or {type: function, function: {name}}" }))),
        parallel_tool_calls: t.Optional(t.Nullable(t.Boolean())),
        reasoning_format: t.Optional(t.Nullable(t.String({ maxLength: 64, description: "Where the thinking goes: auto or deepseek (reasoning_content, the default), deepseek-legacy (there and inline), none (inline in content), hidden" }))),
        reasoning_effort: t.Optional(t.Nullable(t.String({ maxLength: 64, description: "low, medium or high: gpt-oss reasoning effort (other models have none)" }))),
        thinking_budget: t.Optional(t.Nullable(t.Integer({ minimum: 1, maximum: 1_000_000, description: "Most tokens each worker may think before it must answer (max_tokens counts thinking and answer)" }))),
        chat_template_kwargs: t.Optional(t.Nullable(t.Record(t.String(), t.Unknown(), { description: "Template arguments; only enable_thinking (false: answer without thinking, where the template allows it)" }))),
        ...swarmExtensionFields
    },
    { additionalProperties: true }
);

export type ChatCompletionBody = Static<typeof chatCompletionBody>;
