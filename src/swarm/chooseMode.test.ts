import { describe, expect, test } from "bun:test";
import { InvalidRequestError } from "../errors.ts";
import { chooseMode, type ModeQuestion } from "./chooseMode.ts";
import type { SwarmRequest } from "./types.ts";

const text: SwarmRequest = { messages: [{ role: "user", content: "hi" }], params: { maxTokens: 8 } };
const json: SwarmRequest = { ...text, params: { maxTokens: 8, format: { kind: "json" } } };
const ask = (question: Partial<ModeQuestion>) => chooseMode({ request: text, n: 1, stream: true, workers: 4, streamSetting: "auto", ...question });

describe("chooseMode", () => {
    test("one worker has nothing to vote on: single, whatever was asked", () => {
        expect(ask({ workers: 1 })).toBe("single");
        expect(ask({ workers: 1, requested: "segments", request: json })).toBe("single");
    });

    test("open text streams by segments; requests that need whole answers and plain requests vote whole", () => {
        expect(ask({})).toBe("segments");
        expect(ask({ request: json })).toBe("whole");
        expect(ask({ n: 2 })).toBe("whole");
        expect(ask({ request: { ...text, strategy: "answer" } })).toBe("whole");
        expect(ask({ request: { ...text, strategy: "similarity" } })).toBe("segments");
        expect(ask({ stream: false })).toBe("whole");
    });

    test("the setting picks for streams that ask for nothing, but never against what the request needs", () => {
        expect(ask({ streamSetting: "whole" })).toBe("whole");
        expect(ask({ streamSetting: "single" })).toBe("single");
        expect(ask({ streamSetting: "single", n: 2 })).toBe("whole");
        expect(ask({ streamSetting: "segments", request: json })).toBe("whole");
        expect(ask({ streamSetting: "segments", stream: false })).toBe("whole");
    });

    test("the request's own mode wins, streamed or not, and is refused where it cannot work", () => {
        expect(ask({ requested: "segments", stream: false })).toBe("segments");
        expect(ask({ requested: "single", streamSetting: "segments" })).toBe("single");
        expect(ask({ requested: "whole" })).toBe("whole");
        expect(() => ask({ requested: "segments", request: json })).toThrow(InvalidRequestError);
        expect(() => ask({ requested: "single", n: 2 })).toThrow(InvalidRequestError);
    });
});
