import { getLlama, LlamaLogLevel, type Llama, type LlamaEmbeddingContext, type LlamaModel, type Token } from "node-llama-cpp";
import { EngineError, InvalidRequestError } from "../errors.ts";
import { modelIdOf, validateGguf } from "../models/index.ts";
import { llamaGpuOption } from "../runtime/index.ts";
import { WorkQueue, type GpuChoice } from "../swarm/index.ts";

/** One input: text, or token ids of the embedding model's vocabulary. */
export type EmbeddingInput = string | readonly number[];

export interface Embeddings {
    /** One vector per input, in input order. */
    readonly vectors: readonly (readonly number[])[];
    /** Tokens the inputs became. */
    readonly promptTokens: number;
}

export interface EmbedderOptions {
    /** Inputs that may wait while another request's inputs are embedded; past this, 429. */
    readonly queueSize: number;
    /** Tokens one input may have (clamped to the model's training context). */
    readonly contextSize: number;
    /** llama.cpp threads; the caller derives it from the cores really available. */
    readonly threads: number;
}

export interface LoadEmbedderOptions extends EmbedderOptions {
    readonly modelPath: string;
    readonly gpu?: GpuChoice;
}

/**
 * Embeddings from node-llama-cpp's embedding context: not voted on (a vector has no answer to agree
 * about), one request at a time through its own bounded queue. The context is created on the first
 * request, so a server that never embeds never pays its memory. It runs on the served model's
 * weights (`forModel`) or on a separate embedding model it loads and owns (`load`).
 */
export class Embedder {
    readonly modelId: string;
    readonly #model: LlamaModel;
    readonly #options: EmbedderOptions;
    readonly #queue: WorkQueue;
    /** Set when this embedder loaded its own model; disposed with it. */
    readonly #owned: { readonly llama: Llama } | undefined;
    #context: Promise<LlamaEmbeddingContext> | undefined;

    private constructor(model: LlamaModel, modelId: string, options: EmbedderOptions, owned?: { llama: Llama }) {
        this.#model = model;
        this.modelId = modelId;
        this.#options = options;
        this.#queue = new WorkQueue(options.queueSize);
        this.#owned = owned;
    }

    /** Embeds with a model already loaded (the served one); its owner disposes the model. */
    static forModel(model: LlamaModel, modelId: string, options: EmbedderOptions): Embedder {
        return new Embedder(model, modelId, options);
    }

    /** Loads a separate embedding model (checked as a GGUF first). */
    static async load(options: LoadEmbedderOptions): Promise<Embedder> {
        await validateGguf(options.modelPath);
        const llama = await getLlama({ gpu: llamaGpuOption(options.gpu ?? "auto"), build: "never", logLevel: LlamaLogLevel.error, maxThreads: options.threads });
        try {
            const model = await llama.loadModel({ modelPath: options.modelPath });
            return new Embedder(model, modelIdOf(options.modelPath), options, { llama });
        } catch (error) {
            await llama.dispose();
            throw new EngineError(`could not load the embedding model ${options.modelPath}: ${(error as Error).message}`, { cause: error, code: "model_load_failed" });
        }
    }

    /** Length of every vector this model produces. */
    get dimensions(): number {
        return this.#model.embeddingVectorSize;
    }

    /** Embeds every input, in order; refuses (400) an empty input or one over the context before any work. */
    async embed(inputs: readonly EmbeddingInput[], signal: AbortSignal): Promise<Embeddings> {
        const tokens = inputs.map((input, index) => this.#tokens(input, index));
        await this.#queue.enter(signal);
        const started = performance.now();
        try {
            const context = await this.#embeddingContext();
            const vectors: (readonly number[])[] = [];
            for (const input of tokens) {
                if (signal.aborted) throw signal.reason;
                vectors.push((await context.getEmbeddingFor(input)).vector);
            }
            return { vectors, promptTokens: tokens.reduce((sum, input) => sum + input.length, 0) };
        } finally {
            this.#queue.leave(performance.now() - started);
        }
    }

    async dispose(): Promise<void> {
        const context = await this.#context?.catch(() => undefined);
        await context?.dispose();
        if (this.#owned != null) {
            await this.#model.dispose();
            await this.#owned.llama.dispose();
        }
    }

    get #contextSize(): number {
        return Math.min(this.#options.contextSize, this.#model.trainContextSize);
    }

    #tokens(input: EmbeddingInput, index: number): Token[] {
        const param = `input.${index}`;
        const tokens = typeof input === "string" ? this.#model.tokenize(input) : input.map((token) => token as Token);
        if (tokens.length === 0) throw new InvalidRequestError(`${param} is empty`, { param });
        const vocabulary = this.#model.fileInfo.metadata.tokenizer?.ggml?.tokens?.length;
        if (vocabulary != null && tokens.some((token) => token < 0 || token >= vocabulary))
            throw new InvalidRequestError(`${param} has a token id outside the model's vocabulary (0..${vocabulary - 1})`, { param });
        // The context also holds the BOS/EOS the model adds around an input.
        if (tokens.length + 2 >= this.#contextSize)
            throw new InvalidRequestError(`${param} is ${tokens.length} tokens but an embedding input may have at most ${this.#contextSize - 3}`, { param, code: "context_length_exceeded" });
        return tokens;
    }

    #embeddingContext(): Promise<LlamaEmbeddingContext> {
        this.#context ??= this.#model.createEmbeddingContext({
            contextSize: this.#contextSize,
            batchSize: this.#contextSize,
            threads: this.#options.threads
        }).catch((error: unknown) => {
            this.#context = undefined;
            throw new EngineError(`could not create the embedding context: ${(error as Error).message}`, { cause: error });
        });
        return this.#context;
    }
}
