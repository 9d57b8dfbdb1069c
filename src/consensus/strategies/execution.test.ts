import { describe, expect, test } from "bun:test";
import { decide } from "../decide.ts";
import type { ExecutionReport, ProgramRun } from "../executionTypes.ts";
import { extractCode } from "../extractCode.ts";
import { planExecution, runPlan, wantsExecution } from "../planExecution.ts";

const ran = (...passed: boolean[]): ProgramRun => ({ status: "ran", passed });
const T = true;
const F = false;

function report(runs: ProgramRun[]): ExecutionReport {
    return { language: "python", tests: runs[0]!.passed.map((_, index) => `assert t${index}`), dropped: 0, runs };
}

const texts = ["```python\ndef f(): return 1\n```", "```python\ndef f(): return 2\n```", "```python\ndef f(): return 2 \n```", "```python\ndef f(): return 3\n```"];
const candidates = texts.map((text) => ({ text }));

describe("execution strategy (dual agreement)", () => {
    test("a group scores its size times the tests it passes; the biggest product wins", () => {
        // Candidate 0 passes 3 tests alone (1 × 3); candidates 1 and 2 pass the same 2 tests (2 × 2).
        const decision = decide(candidates, { strategy: "execution", execution: report([ran(T, T, T), ran(T, T, F), ran(T, T, F), ran(F, F, F)]) });
        expect(decision.strategy).toBe("execution");
        expect(decision.scores).toEqual([3, 4, 4, 0]);
        expect([1, 2]).toContain(decision.winner);
        expect(decision.execution).toMatchObject({ tests: 3, passes: [3, 2, 2, 0], group: [1, 2], groupTests: 2 });
        expect(decision.reason).toContain("winning group: 2 candidates × 2 tests");
        expect(decision.agreement).toBe(0.5);
    });

    test("failed runs score zero even if their matrix row says otherwise; equal scores go to similarity", () => {
        const decision = decide(candidates, {
            strategy: "execution",
            execution: report([ran(T, F), { status: "timeout", passed: [T, T] }, ran(F, T), { status: "syntax_error", passed: [F, F] }])
        });
        expect(decision.scores).toEqual([1, 0, 1, 0]);
        // Candidates 0 and 2 tie at 1 × 1: candidate 2 is the more similar to the others (1 and 2 agree).
        expect(decision.winner).toBe(2);
    });

    test("falls back to similarity, saying why, when nothing passes or nothing ran", () => {
        const none = decide(candidates, { strategy: "execution", execution: report([ran(F), ran(F), ran(F), ran(F)]) });
        expect(none.strategy).toBe("similarity");
        expect(none.reason).toContain("no candidate passed any of 1 tests, fell back to similarity");
        const skipped = decide(candidates, { strategy: "execution", execution: { skipped: "go code cannot run here" } });
        expect(skipped.reason).toContain("go code cannot run here, fell back to similarity");
    });

    test("auto picks execution for code only when the code was run", () => {
        expect(decide(candidates).strategy).toBe("similarity");
        expect(decide(candidates, { execution: report([ran(T), ran(T), ran(T), ran(F)]) }).strategy).toBe("execution");
    });
});

describe("planning a run", () => {
    test("extracts the last fenced block, an unclosed one, or the whole text", () => {
        expect(extractCode("Here:\n```py\na = 1\n```\nbetter:\n```python\na = 2\n```\n")).toEqual({ code: "a = 2\n", tag: "python" });
        expect(extractCode("```ts\nconst a = 1;\n")).toEqual({ code: "const a = 1;\n", tag: "ts" });
        expect(extractCode("    return x\n")).toEqual({ code: "    return x\n" });
    });

    test("finds the language from fences, the request or the prompt, and names what cannot run", () => {
        expect(planExecution(candidates, {})).toMatchObject({ language: "python", programs: ["def f(): return 1\n", "def f(): return 2\n", "def f(): return 2 \n", "def f(): return 3\n"] });
        expect(planExecution([{ text: "```go\nfunc f() {}\n```" }], {})).toEqual({ skipped: "go code cannot run here (python, javascript and typescript can)" });
        expect(planExecution([{ text: "x" }], { language: "TypeScript" })).toMatchObject({ language: "typescript" });
        expect(planExecution([{ text: "    return 1\n" }], { prefix: "def f():\n" })).toMatchObject({ language: "python", programs: ["def f():\n    return 1\n"] });
    });

    test("refuses when running code is off or cannot be sandboxed; auto never asks then", async () => {
        const plan = planExecution(candidates, {});
        await expect(runPlan(plan, ["assert f() == 1"], undefined)).rejects.toMatchObject({ code: "execution_disabled", status: 403 });
        const refusing = { refusal: "no bubblewrap here", run: () => Promise.reject(new Error("never")) };
        await expect(runPlan(plan, ["assert f() == 1"], refusing)).rejects.toMatchObject({ code: "no_sandbox", message: "no bubblewrap here" });
        expect(wantsExecution(candidates, "auto", refusing)).toBe(false);
        expect(wantsExecution(candidates, "auto", undefined)).toBe(false);
        expect(wantsExecution(candidates, "execution", undefined)).toBe(true);
    });
});
