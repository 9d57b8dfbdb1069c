import { getLlama, LlamaChat, LlamaCompletion, LlamaLogLevel, LlamaText, resolveChatWrapper, SpecialToken, type ChatHistoryItem, type ChatModelFunctions, type ChatWrapper, type Llama, type LlamaChatResponseChunk, type LlamaContext, type LlamaContextSequence, type LlamaGrammar, type LlamaModel, type Token } from "node-llama-cpp";
import os from "node:os";
import { EngineError, InvalidRequestError, RuntimeError } from "../errors.ts";
import { modelIdOf, validateGguf } from "../models/index.ts";
import { explainLlamaLoadError, llamaGpuOption } from "../runtime/index.ts";
import type { EngineGenerateOptions, EngineGeneration, InferenceEngine, PromptSharing, SharePromptOptions, ThinkingSupport } from "./InferenceEngine.ts";
import type { ToolCalling } from "../tools/index.ts";
import { describeModel, type ModelDescription } from "./describeModel.ts";
import { PlainChatWrapper } from "./PlainChatWrapper.ts";
import { continueTokens, firstStop } from "./continueTokens.ts";
import { PromptStateFolder } from "./PromptStateFolder.ts";
import { emptyThought, responseThought, thinkingSupport } from "./thinkingFormat.ts";
import { toChatHistory } from "./toChatHistory.ts";
import { ToolChoiceChatWrapper } from "./ToolChoiceChatWrapper.ts";
import type { ChatMessage, OutputFormat, ReasoningEffort, TextPrompt, ThinkingParams } from "./types.ts";

const maxCachedGrammars = 32;
/** Prompt tokens evaluated between two looks at the abort signal. */
const prefillChunkTokens = 64;

/** A segment round's input: see `LlamaEngine.#answerInput`. */
interface AnswerInput {
    readonly prompt: Token[];
    readonly answer: readonly Token[];
    /** `prompt` then `answer`. */
    readonly tokens: Token[];
    /** How many of `tokens` were evaluated before the answer's last segment was generated: the rest is evaluated again before it is shared. */
    readonly settled: number;
    readonly endTokens: ReadonlySet<Token>;
}

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
    /**
     * Where prompt state copies pass (a private folder is made inside, removed on dispose); default:
     * the system's temp folder. The server gives the user's cache.
     */
    readonly stateDir?: string;
}

/**
 * The real engine: llama.cpp through node-llama-cpp. The model is loaded once and one context holds
 * one sequence per slot, so workers share the weights and their decoding is batched together.
 */
export class LlamaEngine implements InferenceEngine {
    readonly modelId: string;
    readonly slots: number;
    readonly contextSize: number;
    readonly thinking: ThinkingSupport;
    readonly #llama: Llama;
    readonly #model: LlamaModel;
    readonly #context: LlamaContext;
    /** One chat per slot; only `recycle` replaces one. */
    readonly #chats: LlamaChat[];
    /** One per slot, so each slot can force a function call for its own generation. */
    readonly #slotWrappers: readonly ToolChoiceChatWrapper[];
    readonly #chatWrapper: ChatWrapper;
    /** The chat wrapper resolved for each gpt-oss reasoning effort asked for so far. */
    readonly #effortWrappers = new Map<ReasoningEffort, ChatWrapper>();
    readonly #grammars = new Map<string, Promise<LlamaGrammar>>();
    readonly #stateFolder: PromptStateFolder;
    readonly #modelPath: string;
    /**
     * Each slot's latest segment-round answer: its text and the very tokens that wrote it. The next
     * round continues the voted answer from the winner's tokens, which its sequence already holds.
     */
    readonly #answers: ({ readonly text: string; readonly tokens: readonly Token[]; readonly continued: number } | undefined)[] = [];

    private constructor(llama: Llama, model: LlamaModel, context: LlamaContext, chatWrapper: ChatWrapper, modelId: string, stateFolder: PromptStateFolder, modelPath: string) {
        this.#stateFolder = stateFolder;
        this.#llama = llama;
        this.#modelPath = modelPath;
        this.#model = model;
        this.#context = context;
        this.#chatWrapper = chatWrapper;
        this.modelId = modelId;
        this.slots = context.totalSequences;
        this.contextSize = context.contextSize;
        this.thinking = thinkingSupport(chatWrapper, model.fileInfo.metadata.tokenizer?.chat_template);
        this.#slotWrappers = Array.from({ length: this.slots }, () => new ToolChoiceChatWrapper(chatWrapper));
        this.#chats = this.#slotWrappers.map((slotWrapper) => this.#newChat(slotWrapper));
    }

    /** Refuses a malformed GGUF (InvalidModelError) before llama.cpp parses it. */
    static async load(options: LlamaEngineOptions): Promise<LlamaEngine> {
        await validateGguf(options.modelPath);
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
            const modelId = options.modelId ?? modelIdOf(options.modelPath);
            return new LlamaEngine(llama, model, context, chatWrapper, modelId, PromptStateFolder.create(options.stateDir ?? os.tmpdir(), { sweepStale: options.stateDir != null }), options.modelPath);
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

    /** The model as its GGUF describes it (for Ollama's tags, show and ps). */
    describe(): ModelDescription {
        return describeModel(this.#model, this.#modelPath, this.infill);
    }

    /** The loaded weights, for what else runs on them (the embeddings, when no separate model is set). */
    get loadedModel(): LlamaModel {
        return this.#model;
    }

    /** Name of the chat format in use ("Plain" when the model has no template). */
    get chatFormat(): string {
        return this.#chatWrapper.wrapperName;
    }

    get infill(): boolean {
        const { prefix, suffix } = this.#model.tokens.infill;
        return prefix != null && suffix != null;
    }

    countTextTokens(prompt: TextPrompt): number {
        // Infill wraps prefix and suffix in up to four special tokens (BOS, prefix, suffix, middle).
        return prompt.suffix == null
            ? this.#textTokens(prompt.text).length
            : this.#model.tokenize(prompt.text).length + this.#model.tokenize(prompt.suffix).length + 4;
    }

    countPromptTokens(messages: readonly ChatMessage[], tools?: ToolCalling, thinking?: ThinkingParams): number {
        const wrapper = this.#wrapperFor(thinking);
        return this.#promptTokens(wrapper, this.#history(wrapper, messages, thinking), tools).length;
    }

    async prepareFormat(format: OutputFormat): Promise<void> {
        await this.#grammar(format);
    }

    async generate(slot: number, messages: readonly ChatMessage[], options: EngineGenerateOptions): Promise<EngineGeneration> {
        const chat = this.#chats[slot];
        const slotWrapper = this.#slotWrappers[slot];
        if (chat == null || slotWrapper == null) throw new EngineError(`no worker slot ${slot}`);
        const { tools, thinking } = options;
        slotWrapper.use(this.#wrapperFor(thinking));
        slotWrapper.forceCall = tools != null && tools.choice.mode !== "auto";
        if (options.answerPrefix != null) return await this.#continueAnswer(slot, chat.sequence, this.#answerInput(slotWrapper, messages, thinking, options.answerPrefix), options);
        const grammar = options.format == null ? undefined : await this.#grammar(options.format);
        const history = this.#history(slotWrapper, messages, thinking);
        const promptEvaluated = await this.#prefill(chat.sequence, this.#promptTokens(slotWrapper, history, tools), options.signal, options.onProgress) + 1;
        let tokens = 0;
        let thoughtTokens = 0;
        const sampling = {
            ...samplingOptions(options),
            // node-llama-cpp closes the thought once the budget is spent, and the model answers.
            budgets: thinking?.budget == null ? undefined : { thoughtTokens: thinking.budget },
            // The wrapper splits thinking from the answer: answer chunks have no segment type.
            onResponseChunk: (chunk: LlamaChatResponseChunk) => {
                if (chunk.tokens.length === 0) return;
                tokens += chunk.tokens.length;
                options.onProgress?.();
                if (chunk.type == null) options.onText?.(chunk.text);
                else if (chunk.segmentType === "thought") {
                    thoughtTokens += chunk.tokens.length;
                    options.onThought?.(chunk.text);
                }
            }
        };
        // node-llama-cpp takes either a grammar or functions (whose own grammar keeps calls valid).
        const response = await chat.generateResponse(history, tools == null
            ? { ...sampling, grammar }
            : { ...sampling, functions: chatFunctions(tools), documentFunctionParams: true, maxParallelFunctionCalls: tools.parallel ? undefined : 1, onFunctionCallParamsChunk: () => options.onProgress?.() });
        const calls = (response.functionCalls ?? []).map((call) => ({ name: call.functionName, arguments: call.params ?? {} }));
        const thought = responseThought(response.fullResponse);
        const { metadata } = response;
        const { stopReason } = metadata;
        return {
            text: response.response,
            // The token that completed a stop string is generated but never reported as a chunk.
            tokens: stopReason === "customStopTrigger" ? tokens + 1 : tokens,
            promptEvaluated,
            thought: thought.text,
            thoughtTokens,
            cutWhileThinking: stopReason === "maxTokens" && thought.unfinished,
            finishReason: stopReason === "functionCalls" ? "tool_calls" : stopReason === "maxTokens" ? "length" : "stop",
            ...(calls.length > 0 ? { calls } : {})
        };
    }

    async complete(slot: number, prompt: TextPrompt, options: EngineGenerateOptions): Promise<EngineGeneration> {
        const chat = this.#chats[slot];
        if (chat == null) throw new EngineError(`no worker slot ${slot}`);
        const grammar = options.format == null ? undefined : await this.#grammar(options.format);
        const promptEvaluated = prompt.suffix == null
            ? await this.#prefill(chat.sequence, this.#textTokens(prompt.text), options.signal, options.onProgress) + 1
            : this.countTextTokens(prompt);
        // A completion borrows the slot's sequence for one generation; the slot's chat keeps it.
        const completion = new LlamaCompletion({ contextSequence: chat.sequence });
        // LlamaCompletion matches stop strings against each token decoded alone, which drops an
        // SPM token's leading space, so a stop such as " " or " The" would never match: the text
        // is watched here too, and generation stops at the first stop string it contains.
        const stopped = new AbortController();
        let written = "";
        const count = { tokens: 0 };
        const sampling = {
            ...samplingOptions(options),
            onToken: (generated: readonly unknown[]) => {
                count.tokens += generated.length;
                options.onProgress?.();
            },
            grammar,
            signal: AbortSignal.any([options.signal, stopped.signal]),
            stopOnAbortSignal: true,
            onTextChunk: (text: string) => {
                written += text;
                options.onText?.(text);
                if (firstStop(written, options.stop) != null) stopped.abort();
            }
        };
        try {
            const { response, metadata } = prompt.suffix == null
                ? await completion.generateCompletionWithMeta(prompt.text, sampling)
                : await completion.generateInfillCompletionWithMeta(prompt.text, prompt.suffix, sampling);
            if (options.signal.aborted) throw options.signal.reason;
            const cut = firstStop(response, options.stop);
            if (cut != null) return { text: response.slice(0, cut), tokens: count.tokens, finishReason: "stop", promptEvaluated };
            return { text: response, tokens: count.tokens, finishReason: metadata.stopReason === "maxTokens" ? "length" : "stop", promptEvaluated };
        } finally {
            completion.dispose({ disposeSequence: false });
        }
    }

    async sharePrompt(slots: readonly number[], messages: readonly ChatMessage[], options: SharePromptOptions): Promise<PromptSharing> {
        const sequences = slots.map((slot) => {
            const chat = this.#chats[slot];
            if (chat == null) throw new EngineError(`no worker slot ${slot}`);
            return chat.sequence;
        });
        const wrapper = this.#wrapperFor(options.thinking);
        const answerInput = options.answerPrefix == null ? undefined : this.#answerInput(wrapper, messages, options.thinking, options.answerPrefix);
        const tokens = answerInput?.tokens ?? this.#promptTokens(wrapper, this.#history(wrapper, messages, options.thinking), options.tools);
        // Generation evaluates the prompt's last token itself, so the shared state stops before it.
        const shared = tokens.slice(0, -1);
        // What a slot generated was evaluated token by token alongside the other slots; a token's
        // values depend in their last bits on the batch it went through, which depends on timing.
        // Copied on, they would change later samples: the same seed would not give the same answer
        // twice. So the winning segment is evaluated once more, alone, before it is shared.
        const settled = answerInput?.settled ?? shared.length;
        const held = sequences.map((sequence) => Math.min(settled, sequence.compareContextTokens(shared).firstDifferentIndex));
        const source = sequences[held.indexOf(Math.max(...held))]!;
        // Every slot short of the shared state takes a copy, however few tokens it lacks: for the
        // same reason, and a copy is cheap (on a 415M-parameter model one thread evaluates about
        // 170 tokens/s, while saving and loading a 1,400-token state takes about 15 ms).
        const takers = sequences.filter((sequence, index) => sequence !== source && held[index]! < shared.length);
        if (takers.length === 0) return { evaluated: 0, copies: 0 };
        await source.eraseContextTokenRanges([{ start: Math.max(...held), end: source.nextTokenIndex }]);
        const evaluated = await this.#prefill(source, tokens, options.signal);
        await this.#stateFolder.copy(source, takers, options.signal);
        return { evaluated, copies: takers.length };
    }

    async recycle(slot: number): Promise<void> {
        const chat = this.#chats[slot];
        const slotWrapper = this.#slotWrappers[slot];
        if (chat == null || slotWrapper == null) throw new EngineError(`no worker slot ${slot}`);
        // Disposing the chat disposes its sequence (autoDisposeSequence), which frees it for the new chat.
        chat.dispose();
        this.#chats[slot] = this.#newChat(slotWrapper);
    }

    async dispose(): Promise<void> {
        for (const chat of this.#chats) chat.dispose();
        await this.#context.dispose();
        await this.#model.dispose();
        await this.#llama.dispose();
        this.#stateFolder.dispose();
    }

    /** The prompt as `wrapper` renders it for a reply, tokenised. */
    #promptTokens(wrapper: ChatWrapper, history: ChatHistoryItem[], tools: ToolCalling | undefined): Token[] {
        const { contextText } = wrapper.generateContextState({
            chatHistory: history,
            availableFunctions: tools == null ? undefined : chatFunctions(tools),
            documentFunctionParams: true
        });
        return contextText.tokenize(this.#model.tokenizer);
    }

    /** A raw prompt as LlamaCompletion feeds it: after the BOS token. */
    #textTokens(text: string): Token[] {
        return LlamaText([new SpecialToken("BOS"), text]).tokenize(this.#model.tokenizer);
    }

    /**
     * Evaluates the prompt into the slot's sequence a chunk at a time, checking the signal between
     * chunks. llama.cpp cannot stop inside one evaluation, and LlamaChat evaluates the whole prompt
     * at once, so without this a client that leaves during a long prompt would hold every worker
     * until the prompt is processed. LlamaChat then finds the prompt already in the sequence and
     * evaluates only its last token; what the sequence already held (an earlier turn) is reused.
     * Each chunk counts as progress for the stall watchdog: a long prompt on a large model can take
     * longer than the stall timeout. Returns how many tokens it evaluated.
     */
    async #prefill(sequence: LlamaContextSequence, tokens: readonly Token[], signal: AbortSignal, onProgress?: () => void): Promise<number> {
        await sequence.adaptStateToTokens([...tokens], false);
        const held = sequence.nextTokenIndex;
        for (let at = held; at < tokens.length - 1; at = sequence.nextTokenIndex) {
            if (signal.aborted) throw signal.reason;
            await sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(at, Math.min(at + prefillChunkTokens, tokens.length - 1)));
            onProgress?.();
        }
        if (signal.aborted) throw signal.reason;
        return Math.max(0, tokens.length - 1 - held);
    }

    /**
     * The conversation as node-llama-cpp's history. With thinking turned off, the reply starts with
     * an empty, finished thought, as the template's `enable_thinking: false` renders it.
     */
    #history(wrapper: ChatWrapper, messages: readonly ChatMessage[], thinking: ThinkingParams | undefined): ChatHistoryItem[] {
        const history = toChatHistory(messages);
        const reply = history.at(-1);
        const empty = thinking?.enabled === false && this.thinking.canTurnOff ? emptyThought(wrapper) : undefined;
        if (empty == null || reply?.type !== "model" || reply.response.length > 0) return history;
        return [...history.slice(0, -1), { type: "model", response: [empty] }];
    }

    /**
     * What a segment round continues: the chat formatted for the reply, then the decided answer as
     * the tokens its writer generated (the winner of the last round; re-tokenised only if no slot
     * wrote it), and the tokens that end the model's turn in this chat format.
     */
    #answerInput(wrapper: ChatWrapper, messages: readonly ChatMessage[], thinking: ThinkingParams | undefined, answerPrefix: string): AnswerInput {
        const { contextText, stopGenerationTriggers } = wrapper.generateContextState({ chatHistory: this.#history(wrapper, messages, thinking) });
        const prompt = contextText.tokenize(this.#model.tokenizer);
        const written = this.#answers.find((answer) => answer?.text === answerPrefix);
        const answer = answerPrefix === "" ? [] : written?.tokens ?? this.#model.tokenize(answerPrefix, false, "trimLeadingSpace");
        // The turn ends at the special token each of the format's end triggers starts with.
        const endTokens = new Set(stopGenerationTriggers.flatMap((trigger) => {
            const first = trigger.tokenize(this.#model.tokenizer)[0];
            return first != null && this.#model.isSpecialToken(first) ? [first] : [];
        }));
        const tokens = [...prompt, ...answer];
        // The writer evaluated what it was given but the last token before it generated the rest.
        const settled = written == null || answerPrefix === "" ? tokens.length - 1 : prompt.length + written.continued - 1;
        return { prompt, answer, tokens, settled, endTokens };
    }

    /** One segment round on a slot: the answer so far continued token for token, up to the next boundary. */
    async #continueAnswer(slot: number, sequence: LlamaContextSequence, input: AnswerInput, options: EngineGenerateOptions): Promise<EngineGeneration> {
        const promptEvaluated = await this.#prefill(sequence, input.tokens, options.signal, options.onProgress) + 1;
        const continuation = await continueTokens(sequence, input.prompt, input.answer, {
            maxTokens: options.maxTokens,
            temperature: options.temperature,
            topP: options.topP,
            seed: options.seed,
            signal: options.signal,
            stops: options.stop,
            boundaries: options.boundaries ?? [],
            endTokens: input.endTokens,
            onText: options.onText,
            onProgress: options.onProgress
        });
        this.#answers[slot] = { text: (options.answerPrefix ?? "") + continuation.text, tokens: [...input.answer, ...continuation.tokens], continued: input.answer.length };
        return {
            text: continuation.text,
            tokens: continuation.tokens.length,
            promptEvaluated,
            ...(continuation.boundary == null ? {} : { boundary: continuation.boundary }),
            finishReason: continuation.ending === "length" ? "length" : "stop"
        };
    }

    /** The model's chat wrapper, or for gpt-oss the one set to the requested reasoning effort. */
    #wrapperFor(thinking: ThinkingParams | undefined): ChatWrapper {
        const effort = thinking?.effort;
        if (effort == null || !this.thinking.effort) return this.#chatWrapper;
        let wrapper = this.#effortWrappers.get(effort);
        if (wrapper == null) {
            wrapper = resolveChatWrapper(this.#model, { customWrapperSettings: { harmony: { reasoningEffort: effort } } });
            this.#effortWrappers.set(effort, wrapper);
        }
        return wrapper;
    }

    #newChat(slotWrapper: ChatWrapper): LlamaChat {
        return new LlamaChat({ contextSequence: this.#context.getSequence(), chatWrapper: slotWrapper, autoDisposeSequence: true });
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

/** The sampling options LlamaChat and LlamaCompletion both take; every generated token is counted into `count`. */
function samplingOptions(options: EngineGenerateOptions) {
    return {
        maxTokens: options.maxTokens,
        temperature: options.temperature,
        topP: options.topP,
        seed: options.seed,
        customStopTriggers: options.stop.length > 0 ? [...options.stop] : undefined,
        signal: options.signal
    };
}

