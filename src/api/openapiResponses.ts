import { t, type TSchema } from "elysia";
import type { OpenAPIV3 } from "openapi-types";

/**
 * Response schemas for the OpenAPI spec only (`detail.responses`): Elysia would validate a route's
 * `response` schema on every answer, and these describe the answers without that cost.
 */
export function jsonResponse(description: string, schema: TSchema, more: Record<string, OpenAPIV3.MediaTypeObject> = {}): OpenAPIV3.ResponseObject {
    // A TypeBox schema is a JSON Schema; its TypeScript type only lacks OpenAPI's index signature.
    return { description, content: { "application/json": { schema: schema as OpenAPIV3.SchemaObject }, ...more } };
}

/** The one error shape every route answers with (errorBody.ts). */
export const errorBody = t.Object({
    error: t.Object({
        message: t.String(),
        type: t.String({ description: "OpenAI's error type, e.g. invalid_request_error" }),
        param: t.Union([t.String(), t.Null()]),
        code: t.Union([t.String(), t.Null()], { description: "A stable code, e.g. context_length_exceeded, unsupported_parameter" })
    })
});

/** The errors any API route can answer with. */
export const errorResponses = {
    400: jsonResponse("The request is malformed or asks for something this server does not do", errorBody),
    401: jsonResponse("The API key is missing or wrong", errorBody),
    413: jsonResponse("The request body is too large", errorBody),
    429: jsonResponse("The queue is full; retry after the Retry-After header's seconds", errorBody),
    503: jsonResponse("The server is shutting down", errorBody)
};

export const modelObject = t.Object({ id: t.String(), object: t.Literal("model"), created: t.Integer(), owned_by: t.String() });

const usage = t.Object({ prompt_tokens: t.Integer(), completion_tokens: t.Integer(), total_tokens: t.Integer() }, { additionalProperties: true });

/** A chat completion (not streamed): OpenAI's shape plus the `swarm` extension that explains the vote. */
export const chatCompletion = t.Object({
    id: t.String(),
    object: t.Literal("chat.completion"),
    created: t.Integer(),
    model: t.String(),
    choices: t.Array(t.Object({
        index: t.Integer(),
        message: t.Object({
            role: t.Literal("assistant"),
            content: t.Union([t.String(), t.Null()]),
            reasoning_content: t.Optional(t.String()),
            tool_calls: t.Optional(t.Array(t.Object({
                id: t.String(), type: t.Literal("function"), function: t.Object({ name: t.String(), arguments: t.String() })
            })))
        }, { additionalProperties: true }),
        logprobs: t.Null(),
        finish_reason: t.String()
    })),
    usage,
    swarm: t.Object({
        strategy: t.String(),
        winner: t.String({ description: "The worker whose answer won" }),
        agreement: t.Number({ description: "Share of the workers' weight behind the winner" }),
        confidence: t.Number(),
        workers: t.Integer(),
        candidates: t.Array(t.Object({ worker: t.String(), text: t.String(), tokens: t.Integer(), score: t.Union([t.Number(), t.Null()]) }, { additionalProperties: true }))
    }, { additionalProperties: true, description: "How the workers voted" })
}, { additionalProperties: true });

export const health = t.Object({
    status: t.Union([t.Literal("ok"), t.Literal("degraded")]),
    version: t.String(),
    model: t.String(),
    workers: t.Object({ total: t.Integer(), busy: t.Integer(), idle: t.Integer() }),
    queue: t.Object({ waiting: t.Integer(), capacity: t.Integer() }),
    uptime_s: t.Integer()
}, { additionalProperties: true });
