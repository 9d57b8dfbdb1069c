import { expect, test } from "bun:test";
import { createLogger } from "./log.ts";

test("text lines carry fields as key=value; json lines are one object each", () => {
    const lines: string[] = [];
    createLogger("info", (line) => lines.push(line)).info("request", { method: "GET", status: 200 });
    createLogger("info", (line) => lines.push(line), "json").info("request", { method: "GET", status: 200 });
    createLogger("warn", (line) => lines.push(line), "json").info("not shown");
    expect(lines[0]).toMatch(/^\S+Z info  request method=GET status=200\n$/);
    expect(JSON.parse(lines[1]!)).toEqual({ time: expect.any(String), level: "info", message: "request", method: "GET", status: 200 });
    expect(lines).toHaveLength(2);
});
