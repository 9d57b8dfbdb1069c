import type { Static } from "elysia";
import type { Embedder } from "../../embeddings/index.ts";
import { InvalidRequestError } from "../../errors.ts";
import { unsupportedParameter } from "../requestFields.ts";
import type { ollamaEmbedBody, ollamaModelBody } from "./model.ts";
import { checkModelName } from "./toOllamaRequest.ts";

/** /api/show names the model in `model` (older clients: `name`). */
export function ollamaShowName(body: Static<typeof ollamaModelBody>): string {
    const name = body.model ?? body.name;
    if (name == null || name === "") throw new InvalidRequestError("model is required", { param: "model" });
    return name;
}

/**
 * Ollama's /api/embed: one L2-normalised vector per input (Ollama normalises them), from the
 * embedding model, which answers to its own name. Inputs are never truncated: `truncate` is
 * accepted, and an input over the context is refused whatever it says.
 */
export async function ollamaEmbed(embedder: Embedder, body: Static<typeof ollamaEmbedBody>, signal: AbortSignal) {
    checkModelName(body.model, embedder.modelId);
    if (body.dimensions != null && body.dimensions !== embedder.dimensions)
        throw unsupportedParameter("dimensions", `this model's embeddings have ${embedder.dimensions} dimensions and it cannot truncate them`);
    const started = process.hrtime.bigint();
    const inputs = typeof body.input === "string" ? [body.input] : body.input;
    const result = await embedder.embed(inputs, signal);
    return {
        model: embedder.modelId,
        embeddings: result.vectors.map(normalised),
        total_duration: Number(process.hrtime.bigint() - started),
        prompt_eval_count: result.promptTokens
    };
}

function normalised(vector: readonly number[]): number[] {
    const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
    return norm === 0 ? [...vector] : vector.map((value) => value / norm);
}
