import type { ChatHistoryItem, ChatModelFunctionCall } from "node-llama-cpp";
import { InvalidRequestError } from "../errors.ts";
import type { ChatMessage } from "./types.ts";

/**
 * node-llama-cpp's chat history for a conversation: each assistant tool call becomes a function
 * call in the model's turn with the matching `role: "tool"` message as its result, so the chat
 * wrapper renders calls and results in the model family's own format. The history ends with the
 * model turn to generate: the model turn that made the calls, continued, after tool results; a new
 * one otherwise.
 */
export function toChatHistory(turns: readonly ChatMessage[]): ChatHistoryItem[] {
    const results = new Map<string, string>();
    const calledIds = new Set<string>();
    for (const [index, turn] of turns.entries()) {
        if (turn.role === "assistant") for (const call of turn.toolCalls ?? []) calledIds.add(call.id);
        if (turn.role !== "tool") continue;
        if (turn.toolCallId == null || !calledIds.has(turn.toolCallId))
            throw invalid(`messages.${index}`, `a tool message must answer a tool call of an earlier assistant message (tool_call_id ${JSON.stringify(turn.toolCallId ?? null)})`);
        results.set(turn.toolCallId, turn.content);
    }

    const history: ChatHistoryItem[] = [];
    for (const [index, turn] of turns.entries()) {
        switch (turn.role) {
            case "system":
                history.push({ type: "system", text: turn.content });
                break;
            case "user":
                history.push({ type: "user", text: turn.content });
                break;
            case "assistant": {
                const calls = (turn.toolCalls ?? []).map((call, callIndex): ChatModelFunctionCall => {
                    const result = results.get(call.id);
                    if (result == null) throw invalid(`messages.${index}.tool_calls.${callIndex}`, `no tool message answers tool call ${call.id}`);
                    return { type: "functionCall", name: call.name, params: parseArguments(call.arguments, `messages.${index}.tool_calls.${callIndex}.function.arguments`), result: parseResult(result), startsNewChunk: callIndex === 0 };
                });
                history.push({ type: "model", response: [...(turn.content === "" ? [] : [turn.content]), ...calls] });
                break;
            }
            case "tool":
                break;
        }
    }
    if (turns.at(-1)?.role !== "tool") history.push({ type: "model", response: [] });
    return history;
}

function parseArguments(text: string, where: string): unknown {
    try {
        return JSON.parse(text === "" ? "{}" : text);
    } catch (error) {
        throw invalid(where, "is not valid JSON", error);
    }
}

/** A tool result is shown to the model as JSON when it is JSON, else as the text it is. */
function parseResult(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

function invalid(param: string, why: string, cause?: unknown): InvalidRequestError {
    return new InvalidRequestError(`${param}: ${why}`, { param, cause });
}
