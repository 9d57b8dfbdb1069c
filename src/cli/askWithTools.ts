import type { Settings, UserPaths } from "../config/index.ts";
import type { ChatMessage, Swarm } from "../swarm/index.ts";
import { createToolExecutor } from "../tools/index.ts";
import { runToolLoop, type ToolLoopStep } from "./runToolLoop.ts";
import { terminalConfirm } from "./terminalConfirm.ts";

export interface AskWithToolsOptions {
    readonly swarm: Swarm;
    readonly settings: Settings;
    readonly paths: Pick<UserPaths, "dataDir" | "cacheDir" | "configFile">;
    readonly messages: readonly ChatMessage[];
    readonly seed: number | undefined;
    /** Run every call without asking. */
    readonly yes: boolean;
    /** `tool_choice` of the first round: auto, required, none, or a tool's name. */
    readonly toolChoice: string;
    readonly json: boolean;
    readonly stdin: NodeJS.ReadableStream;
    readonly stdout: NodeJS.WritableStream;
}

/** Most characters of a tool result echoed to the terminal (the model gets all of it). */
const echoChars = 400;

/** `ask --tools`: the model ↔ tool loop in the terminal, asking before every write or command unless `--yes`. */
export async function askWithTools(options: AskWithToolsOptions): Promise<number> {
    const { swarm, settings, stdout } = options;
    const executor = await createToolExecutor(settings, options.paths);
    const terminal = terminalConfirm(options.stdin, stdout);
    try {
        stdout.write(`tools work in ${executor.workspace.root}; execute_bash sandbox: ${executor.sandbox.summary}\n`);
        const outcome = await runToolLoop(options.messages, {
            run: (messages, tools) => swarm.run({ messages, params: { maxTokens: settings.maxTokens, seed: options.seed, tools } }),
            executor,
            confirm: options.yes ? async () => true : (call) => terminal.ask(`run ${call.name} ${JSON.stringify(call.arguments)}?`),
            firstChoice: ["auto", "required", "none"].includes(options.toolChoice) ? options.toolChoice : { type: "function", function: { name: options.toolChoice } },
            onStep: (step) => stdout.write(describeStep(step) + "\n")
        });
        if (options.json) {
            stdout.write(JSON.stringify(outcome, null, 2) + "\n");
            return outcome.finished ? 0 : 1;
        }
        const winner = outcome.last.candidates[outcome.last.decision.winner];
        if (!outcome.finished) {
            stdout.write(`\nstopped after ${outcome.rounds} rounds of tool calls without a final answer\n`);
            return 1;
        }
        stdout.write(`\n=== answer after ${outcome.rounds} round${outcome.rounds === 1 ? "" : "s"} (${winner?.worker} by ${outcome.last.decision.strategy}):\n${winner?.text ?? ""}\n`);
        return 0;
    } finally {
        terminal.close();
        executor.dispose();
    }
}

function describeStep(step: ToolLoopStep): string {
    switch (step.type) {
        case "call": {
            const agreement = Math.round(step.result.decision.agreement * 100);
            return `→ ${step.call.name} ${JSON.stringify(step.call.arguments)}  (voted by ${agreement}% of the workers)`;
        }
        case "result": {
            const text = JSON.stringify(step.output);
            return `← ${step.name}: ${text.length > echoChars ? `${text.slice(0, echoChars)}…` : text}`;
        }
        case "declined":
            return `✗ ${step.name}: declined`;
        case "failed":
            return `✗ ${step.name}: ${step.error}`;
    }
}
