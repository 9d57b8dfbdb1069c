import { describe, expect, test } from "bun:test";
import { InvalidRequestError } from "../errors.ts";
import { toChatHistory } from "./toChatHistory.ts";

describe("toChatHistory", () => {
    test("a new question ends with an empty model turn", () => {
        expect(toChatHistory([{ role: "system", content: "Be brief" }, { role: "user", content: "Hi" }])).toEqual([
            { type: "system", text: "Be brief" },
            { type: "user", text: "Hi" },
            { type: "model", response: [] }
        ]);
    });

    test("tool results join their calls, and the model turn continues", () => {
        const history = toChatHistory([
            { role: "user", content: "Weather?" },
            { role: "assistant", content: "", toolCalls: [{ id: "c1", name: "get_weather", arguments: '{"city":"Oslo"}' }, { id: "c2", name: "get_time", arguments: "" }] },
            { role: "tool", toolCallId: "c2", content: "noon" },
            { role: "tool", toolCallId: "c1", content: '{"temp":3}' }
        ]);
        expect(history).toEqual([
            { type: "user", text: "Weather?" },
            {
                type: "model",
                response: [
                    { type: "functionCall", name: "get_weather", params: { city: "Oslo" }, result: { temp: 3 }, startsNewChunk: true },
                    { type: "functionCall", name: "get_time", params: {}, result: "noon", startsNewChunk: false }
                ]
            }
        ]);
    });

    test("refuses unanswered calls, stray tool messages and bad arguments", () => {
        const bad = (turns: Parameters<typeof toChatHistory>[0]) => {
            try {
                toChatHistory(turns);
            } catch (error) {
                expect(error).toBeInstanceOf(InvalidRequestError);
                return (error as InvalidRequestError).param;
            }
            throw new Error("expected a 400");
        };
        expect(bad([{ role: "tool", toolCallId: "x", content: "r" }])).toBe("messages.0");
        expect(bad([{ role: "assistant", content: "", toolCalls: [{ id: "c1", name: "f", arguments: "{}" }] }])).toBe("messages.0.tool_calls.0");
        expect(bad([
            { role: "assistant", content: "", toolCalls: [{ id: "c1", name: "f", arguments: "{oops" }] },
            { role: "tool", toolCallId: "c1", content: "r" }
        ])).toBe("messages.0.tool_calls.0.function.arguments");
    });
});
