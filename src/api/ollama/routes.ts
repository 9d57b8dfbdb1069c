import { Elysia } from "elysia";
import type { Embedder } from "../../embeddings/index.ts";
import type { ModelLibrary } from "../../models/index.ts";
import { packageVersion } from "../../runtime/index.ts";
import type { GenerationRoutesOptions } from "../generationRoutesOptions.ts";
import { readJsonBody } from "../readJsonBody.ts";
import { psEntry, showModel, storedTagsEntries, tagsEntry, type OllamaModelInfo } from "./modelInfo.ts";
import { ollamaChatBody, ollamaEmbedBody, ollamaGenerateBody, ollamaModelBody, ollamaPullBody } from "./model.ts";
import { checkModelAccess, streamPull } from "./ollamaPull.ts";
import { ollamaEmbed, ollamaShowName } from "./ollamaEmbed.ts";
import { ollamaDone, ollamaLoaded, type OllamaKind } from "./ollamaReply.ts";
import { streamOllama } from "./streamOllama.ts";
import { checkModelName, ollamaChatCall, ollamaGenerateCall, type OllamaCall } from "./toOllamaRequest.ts";

export interface OllamaRoutesOptions extends GenerationRoutesOptions {
    readonly embedder: Embedder;
    /** Context tokens each worker has (`num_ctx` may not exceed it). */
    readonly contextSize: number;
    /** The served model as Ollama describes one (its digest is computed on first use). */
    readonly modelInfo: () => Promise<OllamaModelInfo>;
    /** The models folder `/api/pull` and `/api/delete` manage (`models pull|rm`'s). */
    readonly library: ModelLibrary;
    /** Address the server listens on and its API key: beyond loopback, pull and delete need the key. */
    readonly host: string;
    readonly apiKey: string | undefined;
}

/**
 * Ollama's API on the same port (and, with `--ollama-port`, on Ollama's own): chat and generate
 * voted by the swarm and streamed as NDJSON by default, the model's description, and embeddings.
 * Errors leave as Ollama's `{"error": "..."}` (createApp's error mapper, by path).
 */
export function ollamaRoutes(options: OllamaRoutesOptions) {
    const { voter, defaultMaxTokens, keepAliveMs, maxRequestBytes, embedder, contextSize, library, streamMode } = options;
    const limits = { model: voter.model, defaultMaxTokens, contextSize, workers: voter.workers, streamMode };
    const answer = async (kind: OllamaKind, call: OllamaCall, signal: AbortSignal) => {
        const startedNs = process.hrtime.bigint();
        const { request, stream } = call;
        if (request == null) return ollamaLoaded(kind, voter.model);
        if (stream)
            return await streamOllama((runSignal, onEvent, onAccepted) => voter.run(request, { signal: runSignal, onEvent, onAccepted }), {
                kind,
                model: voter.model,
                startedNs,
                keepAliveMs,
                signal
            });
        const result = await voter.run(request, { signal });
        return ollamaDone(kind, result, result.candidates[result.decision.winner]!.text, startedNs);
    };
    const detail = (summary: string) => ({ summary, tags: ["ollama"] });
    return new Elysia({ name: "ollama" })
        .onParse(({ request }) => readJsonBody(request, maxRequestBytes))
        .post("/api/chat", ({ body, request }) => answer("chat", ollamaChatCall(body, limits), request.signal), {
            body: ollamaChatBody,
            detail: detail("Ollama chat, answered by every worker and chosen by vote; NDJSON stream unless stream is false")
        })
        .post("/api/generate", ({ body, request }) => answer("generate", ollamaGenerateCall(body, limits), request.signal), {
            body: ollamaGenerateBody,
            detail: detail("Ollama generate (raw prompts and suffix too), voted; NDJSON stream unless stream is false")
        })
        .get("/api/tags", async () => {
            const served = await options.modelInfo();
            return { models: [tagsEntry(served), ...storedTagsEntries(library.list(), served.description.path)] };
        }, { detail: detail("The served model, then the models downloaded into the models folder (by their path there), as Ollama lists local models") })
        .get("/api/ps", async () => ({ models: [psEntry(await options.modelInfo())] }), { detail: detail("The served model, loaded while the server runs") })
        .post("/api/show", async ({ body }) => {
            checkModelName(ollamaShowName(body), voter.model);
            return showModel(await options.modelInfo());
        }, { body: ollamaModelBody, detail: detail("What the served model's GGUF says about it") })
        .get("/api/version", () => ({ version: packageVersion }), { detail: detail("local-swarm's version (not an Ollama version)") })
        .post("/api/embed", ({ body, request }) => ollamaEmbed(embedder, body, request.signal), {
            body: ollamaEmbedBody,
            detail: detail("Ollama embeddings (L2-normalised, as Ollama returns them); not voted")
        })
        .post("/api/pull", async ({ body, request }) => {
            checkModelAccess(options);
            const ref = ollamaShowName(body);
            if (body.stream !== false) return await streamPull(library, ref, request.signal);
            await library.pull(ref, { signal: request.signal });
            return { status: "success" };
        }, { body: ollamaPullBody, detail: detail("Downloads a model as `local-swarm models pull` does (needs the API key); NDJSON progress unless stream is false") })
        .delete("/api/delete", ({ body, set }) => {
            checkModelAccess(options);
            library.remove(ollamaShowName(body));
            set.status = 200;
            return "";
        }, { body: ollamaModelBody, detail: detail("Deletes a downloaded model as `local-swarm models rm` does (needs the API key); never the served one") });
}
