import { expect, test } from "bun:test";
import { llamaThreads } from "./llamaThreads.ts";

test("llama.cpp threads: the setting when given, else the available cores less one, at least one", () => {
    expect(llamaThreads(3, 16)).toBe(3);
    expect(llamaThreads(0, 16)).toBe(15);
    expect(llamaThreads(0, 2)).toBe(1);
    expect(llamaThreads(0, 1)).toBe(1);
});
