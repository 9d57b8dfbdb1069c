import { t, type Static } from "elysia";
import { swarmExtensionFields } from "../chat/model.ts";

const stop = t.Union([t.String({ minLength: 1, maxLength: 256 }), t.Array(t.String({ minLength: 1, maxLength: 256 }), { maxItems: 8 })]);

export const completionBody = t.Object(
    {
        model: t.Optional(t.String({ maxLength: 256 })),
        prompt: t.Union([
            t.String(),
            t.Array(t.String(), { minItems: 1, maxItems: 64 }),
            t.Array(t.Integer(), { description: "Token arrays are refused: send text" }),
            t.Array(t.Array(t.Integer()))
        ], { description: "Text the model continues (no chat template); an array is one voted completion per prompt" }),
        suffix: t.Optional(t.Nullable(t.String({ description: "Text after the completion: fill in the middle, where the model has infill tokens" }))),
        max_tokens: t.Optional(t.Nullable(t.Integer({ minimum: 1, maximum: 1_000_000 }))),
        temperature: t.Optional(t.Nullable(t.Number({ minimum: 0, maximum: 2 }))),
        top_p: t.Optional(t.Nullable(t.Number({ exclusiveMinimum: 0, maximum: 1 }))),
        seed: t.Optional(t.Nullable(t.Integer({ minimum: -(2 ** 53), maximum: 2 ** 53 }))),
        stop: t.Optional(t.Nullable(stop)),
        n: t.Optional(t.Nullable(t.Integer({ minimum: 1, maximum: 64, description: "Top-n distinct candidates of the vote, per prompt" }))),
        stream: t.Optional(t.Nullable(t.Boolean())),
        stream_options: t.Optional(t.Nullable(t.Object({ include_usage: t.Optional(t.Boolean()) }, { additionalProperties: true }))),
        echo: t.Optional(t.Nullable(t.Boolean({ description: "Put the prompt before each choice's text" }))),
        best_of: t.Optional(t.Nullable(t.Integer({ minimum: 1, description: "Refused above n: every worker already writes one candidate and the vote ranks them" }))),
        logprobs: t.Optional(t.Nullable(t.Integer({ minimum: 0, description: "Not supported: refused when set" }))),
        logit_bias: t.Optional(t.Nullable(t.Record(t.String(), t.Number(), { description: "Not supported: refused when not empty" }))),
        presence_penalty: t.Optional(t.Nullable(t.Number({ description: "Not supported: refused when not 0" }))),
        frequency_penalty: t.Optional(t.Nullable(t.Number({ description: "Not supported: refused when not 0" }))),
        ...swarmExtensionFields
    },
    { additionalProperties: true }
);

export type CompletionBody = Static<typeof completionBody>;
