import { describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const main = path.resolve(import.meta.dir, "..", "..", "src", "cli", "main.ts");

/** Runs the real CLI with its own config and data dirs, feeding `input` on stdin. */
async function cli(args: string[], input: string, env: Record<string, string> = {}) {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-vote-"));
    const child = Bun.spawn([process.execPath, main, ...args], {
        stdin: new Blob([input]),
        stdout: "pipe",
        stderr: "pipe",
        env: { ...process.env, LOCAL_SWARM_CONFIG: path.join(home, "config.json"), LOCAL_SWARM_DATA_DIR: path.join(home, "data"), ...env }
    });
    const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    return { stdout, stderr, code, home };
}

const lines = (text: string) => text.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);

describe("local-swarm vote", () => {
    test("answers every line; bad lines get an error with their line number", async () => {
        const input = [
            JSON.stringify({ id: "a", candidates: [{ text: "The answer is 12." }, { text: "\\boxed{12}" }, { text: "13" }] }),
            "{not json",
            "",
            JSON.stringify({ id: "b", candidates: [] }),
            JSON.stringify({ id: "c", candidates: ["yes", "Yes.", "no"] })
        ].join("\n");
        const { stdout, code } = await cli(["vote", "--strategy", "answer"], input);
        const out = lines(stdout);
        expect(out).toHaveLength(4);
        expect(out[0]).toMatchObject({ id: "a", strategy: "answer", answer: "12", used: 3 });
        expect(out[1]).toMatchObject({ line: 2, error: { code: "invalid_json" } });
        expect(out[2]).toMatchObject({ line: 4, id: "b", error: { code: "invalid_consensus_request", param: "candidates" } });
        expect(out[3]).toMatchObject({ id: "c", answer: "yes" });
        expect(code).toBe(1);
    });

    test("--adaptive stops early and --weights changes the vote", async () => {
        const decision = { id: 1, candidates: ["5", "5", "5", "5", "5", "5", "5", "6"].map((text, index) => ({ text, model: index < 7 ? "small" : "big" })) };
        const adaptive = lines((await cli(["vote", "--adaptive"], JSON.stringify(decision))).stdout)[0]!;
        expect(adaptive).toMatchObject({ answer: "5", used: 4 });
        const run = await cli(["vote"], "");
        const weightsFile = path.join(run.home, "weights.json");
        fs.writeFileSync(weightsFile, JSON.stringify({ weights: { big: 20, small: 1 } }));
        const weighted = await cli(["vote", "--weights", weightsFile], JSON.stringify(decision));
        expect(lines(weighted.stdout)[0]).toMatchObject({ answer: "6", used: 8 });
        expect(weighted.code).toBe(0);
    });

    test("a bad weights file is a clear error, not a crash", async () => {
        const { stderr, code } = await cli(["vote", "--weights", "/nonexistent/weights.json"], "");
        expect(code).toBe(2);
        expect(stderr).toContain("cannot read weights file");
    });
});

describe("local-swarm fit-weights", () => {
    test("fits weights, writes them and records them in the config", async () => {
        const input = Array.from({ length: 10 }, (_, index) =>
            JSON.stringify({ id: index, gold: "4", candidates: [{ text: "4", model: "good" }, { text: index < 3 ? "4" : "5", model: "weak" }] })
        ).join("\n");
        const { stdout, code, home } = await cli(["fit-weights"], input);
        expect(code).toBe(0);
        expect(stdout).toContain("good");
        const config = JSON.parse(fs.readFileSync(path.join(home, "config.json"), "utf8")) as { weights: string };
        const { weights } = JSON.parse(fs.readFileSync(config.weights, "utf8")) as { weights: Record<string, number> };
        expect(weights.good!).toBeGreaterThan(weights.weak!);
    });

    test("input without gold answers is rejected with its line number", async () => {
        const { stderr, code } = await cli(["fit-weights"], JSON.stringify({ candidates: [{ text: "4", model: "m" }] }));
        expect(code).toBe(2);
        expect(stderr).toContain("input line 1");
    });
});

describe("local-swarm vote --strategy execution", () => {
    test("--execute-code runs each line's candidates against its tests", async () => {
        const candidates = [
            "```python\ndef square(x):\n    return x * 2\n```",
            "```python\ndef square(x):\n    return x * x\n```",
            "def square(x):\n    return x ** 2\n",
            "```js\nfunction square(x) { return x * x; }\n```"
        ];
        const input = [
            JSON.stringify({ id: "py", candidates: candidates.slice(0, 3), tests: ["assert square(3) == 9", "assert square(2) == 4", "assert square(", "assert square(0) == 0"], language: "python" }),
            JSON.stringify({ id: "js", candidates: [candidates[3], "```js\nconst square = (x) => x + x;\n```"], tests: ["assert(square(3) === 9)"] }),
            JSON.stringify({ id: "none", candidates: candidates.slice(0, 2) })
        ].join("\n");
        const { stdout, code } = await cli(["vote", "--strategy", "execution", "--execute-code"], input);
        const [py, js, none] = lines(stdout);
        expect(py).toMatchObject({ id: "py", strategy: "execution", execution: { tests: 3, dropped: 1, passes: [2, 3, 3], group: [1, 2], groupTests: 3 } });
        expect([1, 2]).toContain(py!.winner as number);
        expect(js).toMatchObject({ id: "js", strategy: "execution", winner: 0, execution: { language: "javascript", passes: [1, 0] } });
        expect(none).toMatchObject({ id: "none", strategy: "similarity" });
        expect(none!.reason).toContain("no tests were given or written, fell back to similarity");
        expect(code).toBe(0);
    }, 60_000);

    test("--strategy execution without --execute-code refuses every line", async () => {
        const { stdout, code } = await cli(["vote", "--strategy", "execution"], JSON.stringify({ id: 1, candidates: ["def f(): pass"], tests: ["assert f() is None"] }));
        expect(lines(stdout)[0]).toMatchObject({ id: 1, error: { code: "execution_disabled" } });
        expect(lines(stdout)[0]!.error).toMatchObject({ message: expect.stringContaining("--execute-code") });
        expect(code).toBe(1);
    });
});
