import { SwarmError } from "../../errors.ts";
import { loadWeights, parseVoteRequest, vote, type RequestedStrategy, type VoteDefaults } from "../../consensus/index.ts";
import { createCodeRunner } from "../../execution/index.ts";
import type { Command } from "../command.ts";
import { readJsonLines } from "../readJsonLines.ts";

/**
 * `local-swarm vote`: one decision per JSONL line on stdin, one result line on stdout. A bad line
 * gets `{"line", "error": {"message", "code", "param"}}` and the stream goes on; the exit code is 1
 * when any line failed. With `--execute-code`, lines that ask for `execution` (or, under auto, hold
 * code) are checked by running each candidate against the line's `tests` in the sandbox.
 */
export const voteCommand: Command = {
    name: "vote",
    summary: "Pick the best answer for each JSONL decision on stdin (consensus engine only, no model)",
    usage: "vote [--strategy S] [--weights FILE] [--adaptive] [--execute-code] < decisions.jsonl",
    settings: ["strategy", "weights", "abstainBelow", "adaptive", "adaptiveStopAt", "executeCode", "executeTimeout", "executeTestTimeout", "executeMemory"],
    options: {},
    async run({ settings, stdin, stdout }) {
        const weights = settings.weights == null ? undefined : loadWeights(settings.weights);
        const code = await createCodeRunner(settings);
        const defaults: VoteDefaults = {
            strategy: settings.strategy as RequestedStrategy,
            abstainBelow: settings.abstainBelow,
            adaptive: settings.adaptive,
            stopAt: settings.adaptiveStopAt,
            ...(weights == null ? {} : { weights }),
            ...(code.runner == null ? {} : { runCode: code.runner })
        };
        try {
            return await voteLines(stdin, stdout, defaults) ? 1 : 0;
        } finally {
            code.dispose();
        }
    }
};

/** One output line per input line; true when any line failed. */
async function voteLines(stdin: NodeJS.ReadableStream, stdout: NodeJS.WritableStream, defaults: VoteDefaults): Promise<boolean> {
    let failed = false;
    for await (const item of readJsonLines(stdin)) {
        let output: unknown;
        if ("error" in item) output = { line: item.line, error: { message: item.error, code: "invalid_json", param: null } };
        else {
            try {
                output = await vote(parseVoteRequest(item.value), defaults);
            } catch (error) {
                if (!(error instanceof SwarmError)) throw error;
                output = { line: item.line, ...idOf(item.value), error: { message: error.message, code: error.code, param: error.param ?? null } };
            }
        }
        if ("error" in (output as object)) failed = true;
        stdout.write(JSON.stringify(output) + "\n");
    }
    return failed;
}

function idOf(value: unknown): { id?: unknown } {
    return value != null && typeof value === "object" && "id" in value ? { id: (value as { id: unknown }).id } : {};
}
