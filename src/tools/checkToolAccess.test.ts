import { describe, expect, test } from "bun:test";
import { PermissionError } from "../errors.ts";
import { checkToolAccess } from "./checkToolAccess.ts";
import type { ToolExecutor } from "./ToolExecutor.ts";

const executor = {} as ToolExecutor;

function code(action: () => unknown): string | undefined {
    try {
        action();
        return undefined;
    } catch (error) {
        expect(error).toBeInstanceOf(PermissionError);
        return (error as PermissionError).code;
    }
}

describe("checkToolAccess", () => {
    test("refuses when tools are disabled", () => {
        expect(code(() => checkToolAccess(undefined, { host: "127.0.0.1", apiKey: undefined }))).toBe("tools_disabled");
    });

    test("needs an API key beyond loopback", () => {
        expect(code(() => checkToolAccess(executor, { host: "0.0.0.0", apiKey: undefined }))).toBe("tools_need_api_key");
        expect(code(() => checkToolAccess(executor, { host: "192.168.1.5", apiKey: "" }))).toBe("tools_need_api_key");
        expect(checkToolAccess(executor, { host: "0.0.0.0", apiKey: "key" })).toBe(executor);
        expect(checkToolAccess(executor, { host: "127.0.0.1", apiKey: undefined })).toBe(executor);
    });
});
