import type { EmbeddingInput, Embeddings } from "../../embeddings/index.ts";
import { InvalidRequestError } from "../../errors.ts";
import type { EmbeddingBody } from "./model.ts";

/** The request's inputs as a list: one string or one token list is a list of one. */
export function embeddingInputs(body: EmbeddingBody, dimensions: number): readonly EmbeddingInput[] {
    if (body.dimensions != null && body.dimensions !== dimensions)
        throw new InvalidRequestError(`dimensions: this model's embeddings have ${dimensions} dimensions and it cannot truncate them; leave dimensions out or send ${dimensions}`, { param: "dimensions", code: "unsupported_parameter" });
    const { input } = body;
    if (typeof input === "string") return [input];
    if (input.every((item): item is number => typeof item === "number")) return [input];
    return input as readonly EmbeddingInput[];
}

/** OpenAI's embedding list; base64 is each vector's little-endian float32 bytes, as the openai client decodes it. */
export function toEmbeddingList(result: Embeddings, model: string, encoding: "float" | "base64") {
    return {
        object: "list" as const,
        data: result.vectors.map((vector, index) => ({
            object: "embedding" as const,
            index,
            embedding: encoding === "float" ? vector : Buffer.from(new Float32Array(vector).buffer).toString("base64")
        })),
        model,
        usage: { prompt_tokens: result.promptTokens, total_tokens: result.promptTokens }
    };
}
