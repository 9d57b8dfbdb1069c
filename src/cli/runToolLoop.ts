import { SwarmError } from "../errors.ts";
import type { ChatMessage, SwarmResult } from "../swarm/index.ts";
import { newToolCallId, parseToolRequest, type ProposedCall, type ToolCalling, type ToolDefinition, type ToolExecutor, type ToolOutput } from "../tools/index.ts";

export interface ToolLoopOptions {
    /** Runs one round on the swarm (the CLI passes `swarm.run` with its sampling settings). */
    readonly run: (messages: readonly ChatMessage[], tools: ToolCalling | undefined) => Promise<SwarmResult>;
    readonly executor: ToolExecutor;
    /** Asked before every call of a tool that writes or runs something; false declines the call. */
    readonly confirm: (call: ProposedCall, tool: ToolDefinition) => Promise<boolean>;
    /** `tool_choice` of the first round, in OpenAI form (default "auto"; "none" offers no tools); later rounds are "auto". */
    readonly firstChoice?: unknown;
    /** Rounds of tool calls before the loop gives up (default 8). */
    readonly maxRounds?: number;
    readonly onStep?: (step: ToolLoopStep) => void;
}

export type ToolLoopStep =
    | { readonly type: "call"; readonly id: string; readonly call: ProposedCall; readonly result: SwarmResult }
    | { readonly type: "result"; readonly id: string; readonly name: string; readonly output: ToolOutput }
    | { readonly type: "declined"; readonly id: string; readonly name: string }
    | { readonly type: "failed"; readonly id: string; readonly name: string; readonly error: string };

export interface ToolLoopResult {
    /** The whole conversation, tool calls and results included. */
    readonly messages: readonly ChatMessage[];
    /** The last round: the swarm's text answer, or its last calls when `finished` is false. */
    readonly last: SwarmResult;
    readonly rounds: number;
    /** False when the loop stopped at `maxRounds` with calls still coming. */
    readonly finished: boolean;
}

/**
 * The model ↔ tool loop of `ask --tools`. It lives in cli/ because it drives the swarm with the
 * tools: swarm/ imports tools/, so tools/ must never import swarm/.
 *
 * The loop: the swarm answers with voted tool calls, each is run (after
 * confirmation when it writes or runs something) and its result (or why it did not run) goes back
 * as a `tool` message, until the swarm answers in text. A tool's own failure is told to the model
 * instead of ending the loop.
 */
export async function runToolLoop(prompt: readonly ChatMessage[], options: ToolLoopOptions): Promise<ToolLoopResult> {
    const { run, executor, confirm, onStep, maxRounds = 8 } = options;
    const definitions = executor.definitions();
    const offer = (choice: unknown) => parseToolRequest({
        tools: definitions.map(({ name, description, parameters }) => ({ type: "function", function: { name, description, parameters } })),
        tool_choice: choice
    });
    const messages = [...prompt];
    let tools = offer(options.firstChoice ?? "auto");
    for (let round = 1; ; round++) {
        const last = await run(messages, tools);
        const calls = last.toolVote?.calls;
        if (calls == null) return { messages, last, rounds: round, finished: true };
        const ids = calls.map(() => newToolCallId());
        messages.push({
            role: "assistant",
            content: last.candidates[last.decision.winner]?.text ?? "",
            toolCalls: calls.map((call, index) => ({ id: ids[index]!, name: call.name, arguments: JSON.stringify(call.arguments) }))
        });
        for (const [index, call] of calls.entries()) {
            const id = ids[index]!;
            onStep?.({ type: "call", id, call, result: last });
            messages.push({ role: "tool", toolCallId: id, content: JSON.stringify(await runCall(call, id)) });
        }
        if (round >= maxRounds) return { messages, last, rounds: round, finished: false };
        tools = offer("auto");
    }

    async function runCall(call: ProposedCall, id: string): Promise<unknown> {
        const tool = definitions.find((definition) => definition.name === call.name);
        if (tool?.mutates === true && !(await confirm(call, tool))) {
            onStep?.({ type: "declined", id, name: call.name });
            return { error: "the user declined to run this call" };
        }
        try {
            const output = await executor.execute(call.name, call.arguments);
            onStep?.({ type: "result", id, name: call.name, output });
            return output;
        } catch (error) {
            if (!(error instanceof SwarmError)) throw error;
            onStep?.({ type: "failed", id, name: call.name, error: error.message });
            return { error: error.message, code: error.code };
        }
    }
}
