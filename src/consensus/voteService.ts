import { AdaptiveVote } from "./adaptiveVote.ts";
import { decide } from "./decide.ts";
import { decisionToWire, type WireDecision } from "./decisionToWire.ts";
import type { CodeRunner } from "./executionTypes.ts";
import { planExecution, runPlan, wantsExecution } from "./planExecution.ts";
import type { VoteRequest } from "./voteRequest.ts";
import type { ModelWeights, RequestedStrategy } from "./types.ts";

/** Engine-wide defaults a request may override (strategy) or not (weights, thresholds). */
export interface VoteDefaults {
    readonly strategy?: RequestedStrategy;
    readonly weights?: ModelWeights;
    readonly abstainBelow?: number;
    /** Replay the candidates in order and stop once the leader is decided. */
    readonly adaptive?: boolean;
    readonly stopAt?: number;
    /** Runs candidates' code for the `execution` strategy; absent: running code is off. */
    readonly runCode?: CodeRunner;
}

/** One decision for the CLI and the HTTP API alike. */
export async function vote(request: VoteRequest, defaults: VoteDefaults = {}): Promise<WireDecision> {
    const strategy = request.strategy ?? defaults.strategy ?? "auto";
    const options = {
        strategy,
        ...(defaults.weights == null ? {} : { weights: defaults.weights }),
        ...(defaults.abstainBelow == null ? {} : { abstainBelow: defaults.abstainBelow }),
        ...(request.prompt == null ? {} : { prompt: request.prompt }),
        ...(request.judgeReply == null ? {} : { judgeReply: request.judgeReply })
    };
    if (wantsExecution(request.candidates, strategy, defaults.runCode)) {
        const plan = planExecution(request.candidates, { ...(request.language == null ? {} : { language: request.language }), ...(request.prompt == null ? {} : { prompt: request.prompt }) });
        const execution = await runPlan(plan, request.tests ?? [], defaults.runCode);
        return decisionToWire(decide(request.candidates, { ...options, execution }), request.candidates, request.id);
    }
    if (defaults.adaptive !== true) return decisionToWire(decide(request.candidates, options), request.candidates, request.id);
    const adaptive = new AdaptiveVote({ ...options, ...(defaults.stopAt == null ? {} : { stopAt: defaults.stopAt }) });
    for (const candidate of request.candidates) if (adaptive.add(candidate)) break;
    return decisionToWire(adaptive.decision(), request.candidates, request.id);
}
