import { ChatWrapper, LlamaText, SpecialToken, type ChatWrapperGenerateContextStateOptions, type ChatWrapperGeneratedContextState } from "node-llama-cpp";

/**
 * The documented fallback for models whose GGUF has no chat template (plain completion models such
 * as the test model): every turn is written as a plain paragraph, without role labels, after the
 * BOS token, and the model continues the last paragraph in place. It stops at its end-of-generation
 * token.
 */
export class PlainChatWrapper extends ChatWrapper {
    readonly wrapperName = "Plain";

    override generateContextState({ chatHistory }: ChatWrapperGenerateContextStateOptions): ChatWrapperGeneratedContextState {
        const paragraphs = chatHistory
            .map((item) => {
                if (item.type === "system") return LlamaText.fromJSON(item.text);
                if (item.type === "user") return LlamaText(item.text);
                return LlamaText(this.generateModelResponseText(item.response));
            })
            .filter((text) => text.values.length > 0);
        return {
            contextText: LlamaText([new SpecialToken("BOS"), LlamaText.joinValues("\n\n", paragraphs)]),
            stopGenerationTriggers: [LlamaText(new SpecialToken("EOS"))]
        };
    }
}
