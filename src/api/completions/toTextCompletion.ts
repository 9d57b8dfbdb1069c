import type { SwarmResult } from "../../swarm/index.ts";
import { pickChoices, swarmExtension, usageOf, type Usage } from "../chat/toCompletion.ts";

export interface TextCompletionOptions {
    readonly id: string;
    readonly created: number;
    readonly n: number;
    /** The prompts, in the order of `results`. */
    readonly prompts: readonly string[];
    readonly echo: boolean;
    /** The request's `prompt` was a list (the extension is then a list too). */
    readonly promptList: boolean;
}

/**
 * An OpenAI `text_completion`: for each prompt, the top-n distinct candidates of its vote (with the
 * prompt in front when `echo`). `swarm` is the vote's extension, a list of them when `prompt` was one.
 */
export function toTextCompletion(results: readonly SwarmResult[], options: TextCompletionOptions) {
    const usage: Usage[] = [];
    const choices = results.flatMap((result, promptIndex) => {
        const picked = pickChoices(result, options.n);
        usage.push(usageOf(result, picked));
        const prefix = options.echo ? options.prompts[promptIndex]! : "";
        return picked.map((candidateIndex, choice) => {
            const candidate = result.candidates[candidateIndex]!;
            return { text: prefix + candidate.text, index: promptIndex * options.n + choice, logprobs: null, finish_reason: candidate.finishReason };
        });
    });
    const extensions = results.map((result) => swarmExtension(result));
    return {
        id: options.id,
        object: "text_completion" as const,
        created: options.created,
        model: results[0]!.model,
        system_fingerprint: null,
        choices,
        usage: {
            prompt_tokens: usage.reduce((sum, one) => sum + one.prompt_tokens, 0),
            completion_tokens: usage.reduce((sum, one) => sum + one.completion_tokens, 0),
            total_tokens: usage.reduce((sum, one) => sum + one.total_tokens, 0)
        },
        swarm: options.promptList ? extensions : extensions[0]!
    };
}
