import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { withStringMetadata } from "./ggufLayout.ts";
import { testModelPath } from "./testModel.ts";

/**
 * Chat templates of thinking models, written for the tests in the Qwen3 family's format: turns in
 * `<|im_start|>role ... <|im_end|>`, thinking between `<think>` and `</think>`, earlier thinking
 * passed as `reasoning_content`. `switchable` opens the thought with the reply unless
 * `enable_thinking` is false (then it renders an empty one), as Qwen3.5's template does; `always`
 * opens it with every reply and has no switch, as DeepSeek-R1's and Qwen3-Thinking-2507's do.
 */
const turns = `{%- for message in messages %}
{%- if message.role == "system" or message.role == "user" %}
{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}
{%- elif message.role == "assistant" %}
{{- '<|im_start|>assistant\\n' }}
{%- if message.reasoning_content is string and loop.last %}{{- '<think>\\n' + message.reasoning_content + '\\n</think>\\n\\n' }}{%- endif %}
{{- message.content + '<|im_end|>\\n' }}
{%- endif %}
{%- endfor %}`;

export const thinkingTemplates = {
    switchable: `${turns}
{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}
{%- if enable_thinking is defined and enable_thinking is false %}{{- '<think>\\n\\n</think>\\n\\n' }}{%- else %}{{- '<think>\\n' }}{%- endif %}
{%- endif %}`,
    always: `${turns}
{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n<think>\\n' }}{%- endif %}`
} as const;

export interface ReasoningModel {
    readonly path: string;
    /** Removes the model's temporary folder. */
    dispose(): void;
}

/**
 * The real test model (llama architecture, its own tokenizer and weights) with a thinking model's
 * chat template written into its metadata, in a fresh temporary folder. node-llama-cpp picks its
 * QwenChatWrapper only for Qwen architectures, so for this model it renders the template itself
 * (JinjaTemplateChatWrapper), reading the thought's start and end from the template: the same path
 * DeepSeek-R1 distills and other thinking models without a dedicated wrapper take.
 */
export async function reasoningModel(template: keyof typeof thinkingTemplates): Promise<ReasoningModel> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-reasoning-"));
    const file = path.join(dir, `thinking-${template}.gguf`);
    fs.writeFileSync(file, withStringMetadata(fs.readFileSync(await testModelPath()), { "tokenizer.chat_template": thinkingTemplates[template] }));
    return { path: file, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
