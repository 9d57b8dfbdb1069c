import { Elysia } from "elysia";
import type { Embedder } from "../../embeddings/index.ts";
import { readJsonBody } from "../readJsonBody.ts";
import { embeddingBody } from "./model.ts";
import { embeddingInputs, toEmbeddingList } from "./toEmbeddingList.ts";

export function embeddingRoutes(embedder: Embedder, maxRequestBytes: number) {
    return new Elysia({ name: "embeddings" })
        .onParse(({ request }) => readJsonBody(request, maxRequestBytes))
        .post(
            "/v1/embeddings",
            async ({ body, request }) => {
                const inputs = embeddingInputs(body, embedder.dimensions);
                const result = await embedder.embed(inputs, request.signal);
                return toEmbeddingList(result, embedder.modelId, body.encoding_format ?? "float");
            },
            {
                body: embeddingBody,
                detail: {
                    summary: "Embed text or token ids (not voted on: one model, one vector per input)",
                    tags: ["embeddings"]
                }
            }
        );
}
