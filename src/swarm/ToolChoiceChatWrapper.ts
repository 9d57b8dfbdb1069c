import {
    ChatWrapper,
    LlamaText,
    type ChatHistoryItem,
    type ChatModelFunctionCall,
    type ChatModelFunctions,
    type ChatModelResponse,
    type ChatWrapperGenerateContextStateOptions,
    type ChatWrapperGeneratedContextState,
    type ChatWrapperGenerateInitialHistoryOptions,
    type ChatWrapperSettings
} from "node-llama-cpp";

/**
 * Wraps a model's chat wrapper so that, while `forceCall` is set, the answer must start with a
 * function call: after the prompt, node-llama-cpp injects the model family's call prefix and
 * enters function-calling mode, where its grammar allows only the offered functions' names and
 * schema-shaped arguments. This enforces `tool_choice: "required"` (and a named function, when only
 * that one is offered) whatever the model's template, even for a model with none. Wrappers whose
 * calls are engaged from the start keep their own state. Everything else is the wrapped wrapper's,
 * which `use` may switch between generations (a gpt-oss reasoning effort is a wrapper setting).
 */
export class ToolChoiceChatWrapper extends ChatWrapper {
    wrapperName: string;
    override settings: ChatWrapperSettings;
    /** Set by the engine before each generation on this wrapper's slot (one generation at a time). */
    forceCall = false;
    #inner: ChatWrapper;

    constructor(inner: ChatWrapper) {
        super();
        this.#inner = inner;
        this.wrapperName = inner.wrapperName;
        this.settings = inner.settings;
    }

    /** Wraps `inner` from now on; called by the engine between generations on this slot. */
    use(inner: ChatWrapper): void {
        this.#inner = inner;
        this.wrapperName = inner.wrapperName;
        this.settings = inner.settings;
    }

    override generateContextState(options: ChatWrapperGenerateContextStateOptions): ChatWrapperGeneratedContextState {
        const state = this.#inner.generateContextState(options);
        if (!this.forceCall || state.functionCall != null) return state;
        return {
            contextText: state.contextText,
            stopGenerationTriggers: state.stopGenerationTriggers,
            noPrefixTrigger: { type: "functionCall", inject: LlamaText(this.settings.functions.call.prefix) }
        };
    }

    override generateFunctionCallsAndResults(functionCalls: ChatModelFunctionCall[], useRawCall?: boolean): LlamaText {
        return this.#inner.generateFunctionCallsAndResults(functionCalls, useRawCall);
    }

    override generateFunctionCall(name: string, params: unknown): LlamaText {
        return this.#inner.generateFunctionCall(name, params);
    }

    override generateFunctionCallResult(functionName: string, functionParams: unknown, result: unknown): LlamaText {
        return this.#inner.generateFunctionCallResult(functionName, functionParams, result);
    }

    override generateModelResponseText(modelResponse: ChatModelResponse["response"], useRawValues?: boolean): LlamaText {
        return this.#inner.generateModelResponseText(modelResponse, useRawValues);
    }

    override generateAvailableFunctionsSystemText(availableFunctions: ChatModelFunctions, options: { documentParams?: boolean }): LlamaText {
        return this.#inner.generateAvailableFunctionsSystemText(availableFunctions, options);
    }

    override addAvailableFunctionsSystemMessageToHistory(history: readonly ChatHistoryItem[], availableFunctions?: ChatModelFunctions, options?: { documentParams?: boolean }): readonly ChatHistoryItem[] {
        return this.#inner.addAvailableFunctionsSystemMessageToHistory(history, availableFunctions, options);
    }

    override generateInitialChatHistory(options?: ChatWrapperGenerateInitialHistoryOptions): ChatHistoryItem[] {
        return this.#inner.generateInitialChatHistory(options);
    }
}
