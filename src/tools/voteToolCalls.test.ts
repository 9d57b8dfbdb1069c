import { describe, expect, test } from "bun:test";
import { canonicalJson } from "./canonicalJson.ts";
import { parseToolRequest } from "./parseToolRequest.ts";
import { voteToolCalls } from "./voteToolCalls.ts";

const calling = parseToolRequest({
    tools: [{
        type: "function",
        function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer", minimum: 1 } }, required: ["city"] } }
    }]
});
const functions = calling?.functions ?? [];
const call = (args: unknown) => ({ name: "get_weather", arguments: args });

describe("voteToolCalls", () => {
    test("canonical JSON ignores key order", () => {
        expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    });

    test("the most proposed call wins, whatever its key order", () => {
        const vote = voteToolCalls([
            { worker: "w0", calls: [call({ city: "Oslo", days: 2 })] },
            { worker: "w1", calls: [call({ days: 2, city: "Oslo" })] },
            { worker: "w2", calls: [call({ city: "Rome", days: 2 })] }
        ], functions, { mode: "required" }, true);
        expect(vote?.calls).toEqual([call({ city: "Oslo", days: 2 })]);
        expect(vote?.agreement).toBeCloseTo(2 / 3);
        expect(vote?.proposals.map((proposal) => proposal.workers)).toEqual([["w0", "w1"], ["w2"]]);
    });

    test("schema-invalid proposals do not vote", () => {
        const vote = voteToolCalls([
            { worker: "w0", calls: [call({ city: "Oslo", days: 0 })] },
            { worker: "w1", calls: [call({ city: "Oslo", days: 0 })] },
            { worker: "w2", calls: [call({ city: "Rome" })] },
            { worker: "w3", calls: [{ name: "launch", arguments: {} }] }
        ], functions, { mode: "required" }, true);
        expect(vote?.calls).toEqual([call({ city: "Rome" })]);
        expect(vote?.rejected).toEqual([
            { worker: "w0", reason: "get_weather.arguments.days: less than 1" },
            { worker: "w1", reason: "get_weather.arguments.days: less than 1" },
            { worker: "w3", reason: 'called unknown function "launch"' }
        ]);
    });

    test("without parallel calls only each worker's first call counts", () => {
        const vote = voteToolCalls([
            { worker: "w0", calls: [call({ city: "A" }), call({ city: "B" })] },
            { worker: "w1", calls: [call({ city: "A" })] }
        ], functions, { mode: "required" }, false);
        expect(vote?.calls).toEqual([call({ city: "A" })]);
        expect(vote?.agreement).toBe(1);
    });

    test("in auto mode text wins when fewer than half the workers call", () => {
        const candidates = [
            { worker: "w0", calls: [call({ city: "A" })] },
            { worker: "w1", calls: [] },
            { worker: "w2", calls: [] }
        ];
        expect(voteToolCalls(candidates, functions, { mode: "auto" }, true)).toBeUndefined();
        expect(voteToolCalls(candidates, functions, { mode: "required" }, true)?.calls).toEqual([call({ city: "A" })]);
        expect(voteToolCalls([{ worker: "w0", calls: [] }], functions, { mode: "required" }, true)).toBeUndefined();
    });
});
