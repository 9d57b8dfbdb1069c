import { describe, expect, test } from "bun:test";
import { InvalidRequestError } from "../errors.ts";
import { parseVoteRequest } from "./voteRequest.ts";
import { vote } from "./voteService.ts";

describe("parseVoteRequest", () => {
    test("maps the wire names to candidates", () => {
        const request = parseVoteRequest({
            id: "q1",
            candidates: [{ text: "4", model: "m", worker: "w0", latency_ms: 12, finish_reason: "stop", tokens: 3 }, "5"],
            judge_reply: "Response 1"
        });
        expect(request.candidates).toEqual([{ text: "4", model: "m", worker: "w0", latencyMs: 12, finishReason: "stop", tokens: 3 }, { text: "5" }]);
        expect(request.judgeReply).toBe("Response 1");
    });

    test("names the bad field", () => {
        const cases: [unknown, string][] = [
            [[], "body"],
            [{ candidates: [] }, "candidates"],
            [{ candidates: [{ text: 1 }] }, "candidates[0].text"],
            [{ candidates: ["a"], strategy: "loudest" }, "strategy"],
            [{ candidates: [{ text: "a", latency_ms: -1 }] }, "candidates[0].latency_ms"],
            [{ id: {}, candidates: ["a"] }, "id"],
            [{ candidates: Array.from({ length: 257 }, () => "a") }, "candidates"]
        ];
        for (const [body, param] of cases) {
            try {
                parseVoteRequest(body);
                throw new Error("accepted a bad request");
            } catch (error) {
                expect(error).toBeInstanceOf(InvalidRequestError);
                expect((error as InvalidRequestError).param).toBe(param);
            }
        }
    });
});

describe("vote", () => {
    test("returns the wire decision, adaptive reports the samples used", async () => {
        const request = parseVoteRequest({ id: 7, candidates: ["8", "8", "8", "8", "8", "8", "3"] });
        const full = await vote(request);
        expect(full).toMatchObject({ id: 7, strategy: "answer", answer: "8", text: "8", used: 7, abstain: false });
        expect((await vote(request, { adaptive: true })).used).toBe(4);
    });
});
