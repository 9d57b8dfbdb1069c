import { describe, expect, test } from "bun:test";
import { parseToolRequest, type ToolCalling } from "./parseToolRequest.ts";
import { voteToolCalls, type ProposedCall } from "./voteToolCalls.ts";

function calling(fields: { tool_choice?: unknown; parallel_tool_calls?: boolean } = {}): ToolCalling {
    const parsed = parseToolRequest({
        tools: [{
            type: "function",
            function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer", minimum: 1 } }, required: ["city"] } }
        }],
        tool_choice: fields.tool_choice ?? "required",
        parallel_tool_calls: fields.parallel_tool_calls
    });
    if (parsed == null) throw new Error("no tools parsed");
    return parsed;
}
const call = (args: unknown): ProposedCall => ({ name: "get_weather", arguments: args });
const worker = (id: string, calls: ProposedCall[], text = "") => ({ worker: id, text, calls, finishReason: calls.length > 0 ? "tool_calls" : "stop" });

describe("voteToolCalls", () => {
    test("the most proposed call wins, whatever its key order", () => {
        const vote = voteToolCalls([
            worker("w0", [call({ city: "Rome", days: 2 })]),
            worker("w1", [call({ city: "Oslo", days: 2 })]),
            worker("w2", [call({ days: 2, city: "Oslo" })])
        ], calling());
        expect(vote.winner?.calls).toEqual([call({ city: "Oslo", days: 2 })]);
        expect(vote.winner?.decision.strategy).toBe("json");
        expect(vote.winner?.decision.agreement).toBeCloseTo(2 / 3);
        expect(vote.winner?.decision.answer).toBe('[{"arguments":{"city":"Oslo","days":2},"name":"get_weather"}]');
        expect([1, 2]).toContain(vote.winner?.decision.winner ?? -1);
    });

    test("optional arguments written as null are left out before the vote", () => {
        const vote = voteToolCalls([worker("w0", [call({ city: "Oslo", days: null })]), worker("w1", [call({ city: "Oslo" })])], calling());
        expect(vote.winner?.calls).toEqual([call({ city: "Oslo" })]);
        expect(vote.winner?.decision.agreement).toBe(1);
    });

    test("schema-invalid proposals do not vote", () => {
        const vote = voteToolCalls([
            worker("w0", [call({ city: "Oslo", days: 0 })]),
            worker("w1", [call({ city: "Oslo", days: 0 })]),
            worker("w2", [call({ city: "Rome" })]),
            worker("w3", [{ name: "launch", arguments: {} }])
        ], calling());
        expect(vote.winner?.calls).toEqual([call({ city: "Rome" })]);
        expect(vote.winner?.decision.winner).toBe(2);
        expect(vote.rejected).toEqual([
            { worker: "w0", reason: "get_weather.arguments.days: less than 1" },
            { worker: "w1", reason: "get_weather.arguments.days: less than 1" },
            { worker: "w3", reason: 'called unknown function "launch"' }
        ]);
    });

    test("without parallel calls only each worker's first call counts", () => {
        const vote = voteToolCalls([
            worker("w0", [call({ city: "A" }), call({ city: "B" })]),
            worker("w1", [call({ city: "A" })])
        ], calling({ parallel_tool_calls: false }));
        expect(vote.winner?.calls).toEqual([call({ city: "A" })]);
        expect(vote.winner?.decision.agreement).toBe(1);
    });

    test("in auto mode text wins when fewer than half the workers call", () => {
        const candidates = [worker("w0", [call({ city: "A" })]), worker("w1", [], "{\"city\": \"A\"}"), worker("w2", [], "hello")];
        expect(voteToolCalls(candidates, calling({ tool_choice: "auto" })).winner).toBeUndefined();
        const forced = voteToolCalls(candidates, calling());
        expect(forced.winner?.calls).toEqual([call({ city: "A" })]);
        // Text that happens to be JSON is not a call and does not vote.
        expect(forced.winner?.decision.agreement).toBe(1);
        expect(voteToolCalls([worker("w0", [])], calling())).toEqual({ rejected: [] });
    });
});
