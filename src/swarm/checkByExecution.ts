import { assertCanRun, commonSignature, parseWrittenTests, planExecution, runPlan, testWritingPrompt, type Candidate, type CodeRunner, type ExecutionReport, type ExecutionSkipped } from "../consensus/index.ts";
import type { InferenceEngine } from "./InferenceEngine.ts";
import type { SwarmRequest } from "./types.ts";

/** Longest test-writing reply: five one-line assertions. */
const testTokens = 256;

/**
 * Runs the voters' code for the `execution` strategy: against the request's own tests, or else
 * against tests every worker writes in one short batched generation (`testWritingPrompt`), each
 * worker at its own seed so their tests differ. For a raw-prompt request (a completion of a code
 * prefix) each program is the prompt followed by the candidate. Refuses when running code is off
 * or unsandboxed.
 */
export async function checkByExecution(ballots: readonly Candidate[], request: SwarmRequest, engine: InferenceEngine, runner: CodeRunner | undefined, signal: AbortSignal): Promise<ExecutionReport | ExecutionSkipped> {
    assertCanRun(runner);
    const prompt = request.prompt?.text ?? request.messages.filter((message) => message.role === "user").at(-1)?.content ?? "";
    const plan = planExecution(ballots, {
        prompt,
        ...(request.prompt == null ? {} : { prefix: request.prompt.text }),
        ...(request.language == null ? {} : { language: request.language })
    });
    if ("skipped" in plan) return plan;
    const tests = request.tests ?? parseWrittenTests(await Promise.all(Array.from({ length: engine.slots }, (_, slot) =>
        engine.generate(slot, [{ role: "user", content: testWritingPrompt(prompt, plan.language, commonSignature(plan.programs)) }], {
            maxTokens: testTokens,
            temperature: 0.7,
            seed: slot,
            stop: [],
            signal
        }).then((reply) => reply.text, () => ""))), plan.language);
    return runPlan(plan, tests, runner, signal);
}
