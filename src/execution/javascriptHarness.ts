/**
 * The JavaScript program (run by Bun) that runs one JavaScript or TypeScript candidate against
 * every test, inside the sandbox; the same files and records as the Python harness. The candidate is
 * transpiled by Bun (TypeScript types stripped, `export` dropped) and run as a classic script, so
 * its top-level functions and constants are globals the tests see; `assert` is node:assert. Each
 * test is its own script with its own time limit (node:vm `timeout`), failing alone on any throw.
 */
export const javascriptHarness = String.raw`
const fs = require("node:fs");
const vm = require("node:vm");
globalThis.assert = require("node:assert");
const spec = JSON.parse(fs.readFileSync("run.json", "utf8"));
const timeout = Math.max(1, Math.round(spec.testTimeout * 1000));
const results = fs.openSync("results.jsonl", "w");
const report = (record) => fs.writeSync(results, JSON.stringify(record) + "\n");
const transpiler = new Bun.Transpiler({ loader: spec.language === "typescript" ? "ts" : "js" });

function compiled(source, name) {
    try {
        const plain = transpiler.transformSync(source).replace(/^\s*export\s+(default\s+)?/gm, "");
        return new vm.Script(plain, { filename: name });
    } catch {
        return null;
    }
}

function run(script) {
    try {
        script.runInThisContext({ timeout });
        return "ok";
    } catch (error) {
        return error?.code === "ERR_SCRIPT_EXECUTION_TIMEOUT" ? "timeout" : "crashed";
    }
}

const tests = spec.tests.map((test, index) => compiled(test, "test " + index));
report({ parsed: tests.map((test) => test !== null) });
const program = compiled(fs.readFileSync(spec.file, "utf8"), spec.file);
if (program === null) {
    report({ program: "syntax_error" });
} else {
    const status = run(program);
    report({ program: status });
    if (status === "ok") tests.forEach((test, index) => {
        if (test !== null) report({ test: index, passed: run(test) === "ok" });
    });
}
process.exit(0);
`;
