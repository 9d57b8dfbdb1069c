import { describe, expect, test } from "bun:test";
import { InvalidRequestError } from "../errors.ts";
import { parseToolRequest, type ToolRequestFields } from "./parseToolRequest.ts";

const weather = {
    type: "function",
    function: {
        name: "get_weather",
        description: "Weather for a city",
        parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer", minimum: 1 } }, required: ["city"] }
    }
};
const time = { type: "function", function: { name: "get_time" } };

function problem(fields: ToolRequestFields): { param: string | undefined; message: string } {
    try {
        parseToolRequest(fields);
    } catch (error) {
        expect(error).toBeInstanceOf(InvalidRequestError);
        return { param: (error as InvalidRequestError).param, message: (error as Error).message };
    }
    throw new Error("expected a 400");
}

describe("parseToolRequest", () => {
    test("offers every function by default, in parallel", () => {
        const calling = parseToolRequest({ tools: [weather, time] });
        expect(calling?.choice).toEqual({ mode: "auto" });
        expect(calling?.parallel).toBe(true);
        expect(calling?.functions.map((spec) => spec.name)).toEqual(["get_weather", "get_time"]);
        expect(calling?.functions[0]?.grammar).toEqual({
            type: "object",
            properties: { city: { type: "string" }, days: { oneOf: [{ type: "integer" }, { type: "null" }] } }
        });
        expect(calling?.functions[1]?.parameters).toEqual({ type: "object", properties: {} });
    });

    test("a named tool_choice offers only that function", () => {
        const calling = parseToolRequest({ tools: [weather, time], tool_choice: { type: "function", function: { name: "get_time" } }, parallel_tool_calls: false });
        expect(calling?.choice).toEqual({ mode: "function", name: "get_time" });
        expect(calling?.functions.map((spec) => spec.name)).toEqual(["get_time"]);
        expect(calling?.parallel).toBe(false);
    });

    test("none, or no tools, means no function calling", () => {
        expect(parseToolRequest({ tools: [weather], tool_choice: "none" })).toBeUndefined();
        expect(parseToolRequest({})).toBeUndefined();
        expect(parseToolRequest({ tool_choice: "auto" })).toBeUndefined();
    });

    test("malformed tools are a 400 naming the field", () => {
        expect(problem({ tools: {} }).param).toBe("tools");
        expect(problem({ tools: [{ type: "retrieval" }] }).param).toBe("tools[0].type");
        expect(problem({ tools: [{ type: "function", function: { name: "bad name" } }] }).param).toBe("tools[0].function.name");
        expect(problem({ tools: [weather, weather] }).message).toContain("defined twice");
        expect(problem({ tools: [{ type: "function", function: { name: "f", parameters: { type: "string" } } }] }).param).toBe("tools[0].function.parameters");
        expect(problem({ tools: [{ type: "function", function: { name: "f", parameters: { type: "object", properties: { a: { allOf: [] } } } } }] }).param)
            .toBe("tools[0].function.parameters.properties.a");
        expect(problem({ tools: [weather], tool_choice: "always" }).param).toBe("tool_choice");
        expect(problem({ tools: [weather], tool_choice: { type: "function", function: { name: "other" } } }).message).toContain('"other"');
        expect(problem({ tool_choice: "required" }).param).toBe("tool_choice");
        expect(problem({ tools: [weather], parallel_tool_calls: "yes" }).param).toBe("parallel_tool_calls");
    });
});
