import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { ExecutionReport, ExecutionRequest } from "../../src/consensus/index.ts";
import { CodeExecutor, createCodeRunner, findInterpreters } from "../../src/execution/index.ts";
import { detectSandbox } from "../../src/tools/index.ts";

// Real processes in the real sandbox: each candidate below misbehaves in its own way.
let executor: CodeExecutor;
let scratchRoot: string;
let outside: string;

beforeAll(async () => {
    scratchRoot = fs.mkdtempSync(path.join(os.tmpdir(), "exec-test-"));
    // Not under /tmp, which the sandbox replaces with its own empty tmpfs.
    outside = fs.mkdtempSync(path.join("/var/tmp", "exec-outside-"));
    executor = new CodeExecutor({
        sandbox: await detectSandbox(),
        interpreters: await findInterpreters(),
        runTimeoutMs: 4_000,
        testTimeoutMs: 500,
        memoryBytes: 512 * 1024 * 1024,
        parallel: 2,
        scratchRoot
    });
});

afterAll(() => {
    executor.dispose();
    fs.rmSync(scratchRoot, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
});

const addTests = ["assert add(1, 2) == 3", "assert add(2, 2) == 4", "assert add(-1, 1) == 0"];
const goodAdd = "def add(a, b):\n    return a + b\n";

async function run(programs: string[], tests = addTests, language: ExecutionRequest["language"] = "python"): Promise<ExecutionReport> {
    const report = await executor.run({ programs, tests, language });
    if ("skipped" in report) throw new Error(report.skipped);
    return report;
}

function passes(report: ExecutionReport): number[] {
    return report.runs.map((run) => run.passed.filter(Boolean).length);
}

/** Processes on this machine whose command line holds `marker`. */
function processesWith(marker: string): string[] {
    return fs.readdirSync("/proc").filter((entry) => /^\d+$/.test(entry)).filter((pid) => {
        try {
            return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker);
        } catch {
            return false;
        }
    });
}

describe("CodeExecutor (python, real sandbox)", () => {
    test("builds the pass matrix, drops tests that do not parse, runs identical programs once", async () => {
        const wrong = "def add(a, b):\n    return a * b\n";
        const report = await run([goodAdd, wrong, "def add(a, b) return", "", goodAdd], ["assert add(1, 2) == 3", "assert add(1,", "assert add(2, 2) == 4"]);
        expect(report.tests).toEqual(["assert add(1, 2) == 3", "assert add(2, 2) == 4"]);
        expect(report.dropped).toBe(1);
        expect(report.runs.map((run) => run.status)).toEqual(["ran", "ran", "syntax_error", "no_code", "ran"]);
        expect(report.runs.map((run) => run.passed)).toEqual([[true, true], [false, true], [false, false], [false, false], [true, true]]);
        expect(fs.readdirSync(scratchRoot)).toEqual([]);
    });

    test("a loop is stopped by the per-test timer, one that swallows the timer by the run's limit; both score zero", async () => {
        const loopsAtImport = goodAdd + "while True:\n    pass\n";
        const swallows = goodAdd + "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass\n";
        const loopsInOneTest = "def add(a, b):\n    while a == 2:\n        pass\n    return a + b\n";
        const report = await run([loopsAtImport, swallows, loopsInOneTest]);
        expect(report.runs.map((run) => run.status)).toEqual(["timeout", "timeout", "ran"]);
        expect(passes(report)).toEqual([0, 0, 2]);
    }, 20_000);

    test("forked children are killed with the run and nothing is left running", async () => {
        const marker = `${Math.floor(Math.random() * 1e6) + 7_000_000}`;
        const forks = goodAdd + `import os, time\nfor _ in range(8):\n    if os.fork() == 0:\n        os.setsid()\n        os.execv("/bin/sleep", ["sleep", "${marker}"])\ntime.sleep(60)\n`;
        const daemon = goodAdd + `import os\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        os.execv("/bin/sleep", ["sleep", "${marker}1"])\n    os._exit(0)\n`;
        const report = await run([forks, daemon]);
        expect(report.runs[0]!.status).toBe("timeout");
        expect(passes(report)[0]).toBe(0);
        expect(processesWith(marker)).toEqual([]);
    }, 20_000);

    test("writing outside the scratch folder fails and scores zero; nothing appears on the machine", async () => {
        const target = path.join(outside, "escaped.txt");
        const writes = goodAdd + `open(${JSON.stringify(target)}, "w").write("out")\n`;
        // The scratch folder's parent is under /tmp, which inside the sandbox is a private, throwaway tmpfs.
        const writesBeside = goodAdd + `import os\nopen(os.path.join(os.path.dirname(os.getcwd()), "escaped.txt"), "w").write("out")\n`;
        const report = await run([writes, writesBeside]);
        expect(report.runs[0]!.status).toBe("crashed");
        expect(passes(report)[0]).toBe(0);
        expect(fs.existsSync(target)).toBe(false);
        expect(fs.readdirSync(scratchRoot)).toEqual([]);
    });

    test("a socket cannot reach the host's loopback; the candidate scores zero", async () => {
        let connections = 0;
        const server = net.createServer((socket) => {
            connections++;
            socket.destroy();
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const port = (server.address() as net.AddressInfo).port;
        try {
            const connects = goodAdd + `import socket\nsocket.create_connection(("127.0.0.1", ${port}), timeout=2).close()\n`;
            const report = await run([connects]);
            expect(report.runs[0]!.status).toBe("crashed");
            expect(passes(report)).toEqual([0]);
            expect(connections).toBe(0);
        } finally {
            server.close();
        }
    });

    test("printing megabytes is stopped at the output limit and scores zero", async () => {
        const floods = goodAdd + `import sys\nfor _ in range(100):\n    sys.stdout.write("x" * 100000)\n`;
        const floodsForever = "def add(a, b):\n    while True:\n        print('y' * 1000)\n";
        const report = await run([floods, floodsForever]);
        expect(report.runs.map((run) => run.status)).toEqual(["output_limit", "output_limit"]);
        expect(passes(report)).toEqual([0, 0]);
    }, 20_000);

    test("memory beyond the limit fails the candidate", async () => {
        const hog = goodAdd + "hog = bytearray(1024 * 1024 * 1024)\n";
        const report = await run([hog]);
        expect(report.runs[0]!.status).toBe("crashed");
    });
});

describe("CodeExecutor (javascript and typescript, run by this program's Bun)", () => {
    test("TypeScript with types and exports; each test has its own timer", async () => {
        const good = "export function add(a: number, b: number): number {\n    return a + b;\n}\n";
        const loops = "function add(a: number, b: number): number {\n    while (a === 2) {}\n    return a + b;\n}\n";
        const tests = ["assert.strictEqual(add(1, 2), 3)", "assert(add(2, 2) === 4)", "assert(add(-1, 1) === 0", "assert.equal(add(-1, 1), 0)"];
        const report = await run([good, loops, "function add(a, b { }"], tests, "typescript");
        expect(report.dropped).toBe(1);
        expect(report.runs.map((run) => run.status)).toEqual(["ran", "ran", "syntax_error"]);
        expect(passes(report)).toEqual([3, 2, 0]);
    }, 20_000);

    test("JavaScript cannot write outside its scratch folder", async () => {
        const target = path.join(outside, "escaped-js.txt");
        const writes = `function add(a, b) { return a + b; }\nrequire("node:fs").writeFileSync(${JSON.stringify(target)}, "out");\n`;
        const report = await run([writes, "function add(a, b) { return a + b; }"], ["assert(add(1, 2) === 3)"], "javascript");
        expect(report.runs.map((run) => run.status)).toEqual(["crashed", "ran"]);
        expect(fs.existsSync(target)).toBe(false);
    });
});

describe("createCodeRunner", () => {
    const settings = { executeCode: true, executeTimeout: 5, executeTestTimeout: 1, executeMemory: 512 };

    test("off unless enabled", async () => {
        const handle = await createCodeRunner({ ...settings, executeCode: false });
        expect(handle.runner).toBeUndefined();
    });

    test("refuses, saying why, without a sandbox that confines files, network and processes", async () => {
        const unconfined = await detectSandbox({ probe: async () => false, platform: "linux" });
        const handle = await createCodeRunner(settings, unconfined);
        expect(handle.runner?.refusal).toContain("bubblewrap");
        const unshare = await detectSandbox({ probe: async (argv) => argv[0] === "unshare", platform: "linux" });
        expect((await createCodeRunner(settings, unshare)).runner?.refusal).toContain("writing outside its scratch folder");
    });
});
