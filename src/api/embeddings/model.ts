import { t, type Static } from "elysia";

const maxInputs = 2048;

export const embeddingBody = t.Object(
    {
        model: t.Optional(t.String({ maxLength: 256 })),
        input: t.Union([
            t.String(),
            t.Array(t.String(), { minItems: 1, maxItems: maxInputs }),
            t.Array(t.Integer(), { minItems: 1 }),
            t.Array(t.Array(t.Integer(), { minItems: 1 }), { minItems: 1, maxItems: maxInputs })
        ], { description: "Text, a list of texts, token ids, or a list of token-id lists; all embedded in this one request" }),
        encoding_format: t.Optional(t.Union([t.Literal("float"), t.Literal("base64")], { description: "float (default) or base64 (little-endian float32)" })),
        dimensions: t.Optional(t.Integer({ minimum: 1, description: "Only the model's own vector length: the served embedding models are not truncated" })),
        user: t.Optional(t.String({ maxLength: 256 }))
    },
    { additionalProperties: true }
);

export type EmbeddingBody = Static<typeof embeddingBody>;
