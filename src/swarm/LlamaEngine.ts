import { getLlama, LlamaChat, LlamaLogLevel, resolveChatWrapper, type ChatModelFunctions, type ChatWrapper, type Llama, type LlamaContext, type LlamaGrammar, type LlamaModel } from "node-llama-cpp";
import path from "node:path";
import { EngineError, InvalidRequestError, RuntimeError } from "../errors.ts";
import { explainLlamaLoadError, llamaGpuOption } from "../runtime/index.ts";
import type { EngineGenerateOptions, EngineGeneration, InferenceEngine } from "./InferenceEngine.ts";
import type { ToolCalling } from "../tools/index.ts";
import { PlainChatWrapper } from "./PlainChatWrapper.ts";
import { toChatHistory } from "./toChatHistory.ts";
import { ToolChoiceChatWrapper } from "./ToolChoiceChatWrapper.ts";
import type { ChatMessage, OutputFormat } from "./types.ts";

const maxCachedGrammars = 32;

export type GpuChoice = "auto" | "cuda" | "vulkan" | "metal" | "cpu";

export interface LlamaEngineOptions {
    readonly modelPath: string;
    /** Parallel sequences (workers) on the one loaded model. */
    readonly slots: number;
    /** llama.cpp threads for the shared context; the caller derives it from the cores really available. */
    readonly threads: number;
    /** Context tokens per slot; clamped to the model's training context. */
    readonly contextSize: number;
    readonly gpu?: GpuChoice;
    /** Name for the API; defaults to the file name without `.gguf`. */
    readonly modelId?: string;
}

/**
 * The real engine: llama.cpp through node-llama-cpp. The model is loaded once and one context holds
 * one sequence per slot, so workers share the weights and their decoding is batched together.
 */
export class LlamaEngine implements InferenceEngine {
    readonly modelId: string;
    readonly slots: number;
    readonly contextSize: number;
    readonly #llama: Llama;
    readonly #model: LlamaModel;
    readonly #context: LlamaContext;
    readonly #chats: readonly LlamaChat[];
    /** One per slot, so each slot can force a function call for its own generation. */
    readonly #slotWrappers: readonly ToolChoiceChatWrapper[];
    readonly #chatWrapper: ChatWrapper;
    readonly #grammars = new Map<string, Promise<LlamaGrammar>>();

    private constructor(llama: Llama, model: LlamaModel, context: LlamaContext, chatWrapper: ChatWrapper, modelId: string) {
        this.#llama = llama;
        this.#model = model;
        this.#context = context;
        this.#chatWrapper = chatWrapper;
        this.modelId = modelId;
        this.slots = context.totalSequences;
        this.contextSize = context.contextSize;
        this.#slotWrappers = Array.from({ length: this.slots }, () => new ToolChoiceChatWrapper(chatWrapper));
        this.#chats = this.#slotWrappers.map((slotWrapper) => new LlamaChat({
            contextSequence: context.getSequence(),
            chatWrapper: slotWrapper,
            autoDisposeSequence: true
        }));
    }

    static async load(options: LlamaEngineOptions): Promise<LlamaEngine> {
        const gpu = llamaGpuOption(options.gpu ?? "auto");
        let llama: Llama | undefined;
        let model: LlamaModel | undefined;
        try {
            llama = await getLlama({ gpu, build: "never", logLevel: LlamaLogLevel.error, maxThreads: options.threads });
            model = await llama.loadModel({ modelPath: options.modelPath });
            const contextSize = Math.min(options.contextSize, model.trainContextSize);
            const context = await model.createContext({
                sequences: options.slots,
                contextSize,
                threads: options.threads,
                batchSize: Math.min(512, contextSize)
            });
            // The GGUF's own template when it has one; a model without one is a plain completion model.
            const chatWrapper = model.fileInfo.metadata.tokenizer?.chat_template == null
                ? new PlainChatWrapper()
                : resolveChatWrapper(model);
            const modelId = options.modelId ?? path.basename(options.modelPath).replace(/\.gguf$/i, "");
            return new LlamaEngine(llama, model, context, chatWrapper, modelId);
        } catch (error) {
            await model?.dispose();
            await llama?.dispose();
            const explained = explainLlamaLoadError(error);
            if (explained instanceof RuntimeError) throw explained;
            throw new EngineError(`could not load model ${options.modelPath}: ${(error as Error).message}`, { cause: error, code: "model_load_failed" });
        }
    }

    /** The llama.cpp backend really loaded: "cpu", "cuda", "vulkan" or "metal". */
    get backend(): string {
        return this.#llama.gpu === false ? "cpu" : this.#llama.gpu;
    }

    /** Name of the chat format in use ("Plain" when the model has no template). */
    get chatFormat(): string {
        return this.#chatWrapper.wrapperName;
    }

    countPromptTokens(messages: readonly ChatMessage[], tools?: ToolCalling): number {
        const { contextText } = this.#chatWrapper.generateContextState({
            chatHistory: toChatHistory(messages),
            availableFunctions: tools == null ? undefined : chatFunctions(tools),
            documentFunctionParams: true
        });
        return contextText.tokenize(this.#model.tokenizer).length;
    }

    async prepareFormat(format: OutputFormat): Promise<void> {
        await this.#grammar(format);
    }

    async generate(slot: number, messages: readonly ChatMessage[], options: EngineGenerateOptions): Promise<EngineGeneration> {
        const chat = this.#chats[slot];
        const slotWrapper = this.#slotWrappers[slot];
        if (chat == null || slotWrapper == null) throw new EngineError(`no worker slot ${slot}`);
        const { tools } = options;
        const grammar = options.format == null ? undefined : await this.#grammar(options.format);
        slotWrapper.forceCall = tools != null && tools.choice.mode !== "auto";
        let tokens = 0;
        const sampling = {
            maxTokens: options.maxTokens,
            temperature: options.temperature,
            topP: options.topP,
            seed: options.seed,
            customStopTriggers: options.stop.length > 0 ? [...options.stop] : undefined,
            signal: options.signal,
            onToken: (generated: readonly unknown[]) => {
                tokens += generated.length;
            },
            onTextChunk: options.onText
        };
        // node-llama-cpp takes either a grammar or functions (whose own grammar keeps calls valid).
        const response = await chat.generateResponse(toChatHistory(messages), tools == null
            ? { ...sampling, grammar }
            : { ...sampling, functions: chatFunctions(tools), documentFunctionParams: true, maxParallelFunctionCalls: tools.parallel ? undefined : 1 });
        const calls = (response.functionCalls ?? []).map((call) => ({ name: call.functionName, arguments: call.params ?? {} }));
        return {
            text: response.response,
            tokens,
            finishReason: response.metadata.stopReason === "functionCalls" ? "tool_calls" : response.metadata.stopReason === "maxTokens" ? "length" : "stop",
            ...(calls.length > 0 ? { calls } : {})
        };
    }

    async dispose(): Promise<void> {
        for (const chat of this.#chats) chat.dispose();
        await this.#context.dispose();
        await this.#model.dispose();
        await this.#llama.dispose();
    }

    #grammar(format: OutputFormat): Promise<LlamaGrammar> {
        const key = format.kind === "json" ? "json" : JSON.stringify(format.schema);
        let grammar = this.#grammars.get(key);
        if (grammar == null) {
            grammar = (format.kind === "json"
                ? this.#llama.getGrammarFor("json")
                : this.#llama.createGrammarForJsonSchema(format.schema as never)
            ).catch((error: unknown) => {
                this.#grammars.delete(key);
                throw new InvalidRequestError(`response_format: this JSON schema cannot be enforced: ${(error as Error).message}`, {
                    param: "response_format",
                    code: "invalid_json_schema",
                    cause: error
                });
            });
            // Schemas come from requests: keep only the most recent few grammars.
            if (this.#grammars.size >= maxCachedGrammars) this.#grammars.delete(this.#grammars.keys().next().value!);
            this.#grammars.set(key, grammar);
        }
        return grammar;
    }
}

/** The offered functions as node-llama-cpp declares them: their grammar schemas keep the arguments valid. */
function chatFunctions(tools: ToolCalling): ChatModelFunctions {
    return Object.fromEntries(tools.functions.map((spec) => [spec.name, { description: spec.description, params: spec.grammar }]));
}
