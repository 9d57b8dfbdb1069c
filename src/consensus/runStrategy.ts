import { InvalidRequestError } from "../errors.ts";
import { modelWeight } from "./modelWeight.ts";
import { answerStrategy } from "./strategies/answer.ts";
import { chooseStrategy } from "./strategies/auto.ts";
import { executionStrategy } from "./strategies/execution.ts";
import { fastestStrategy } from "./strategies/fastest.ts";
import { jsonStrategy } from "./strategies/json.ts";
import { judgeStrategy } from "./strategies/judge.ts";
import { majorityStrategy } from "./strategies/majority.ts";
import { qualityStrategy } from "./strategies/quality.ts";
import { similarityStrategy } from "./strategies/similarity.ts";
import type { StrategyContext } from "./strategies/strategyContext.ts";
import type { Candidate, ConsensusOptions, StrategyName, StrategyResult } from "./types.ts";

const strategies: Record<StrategyName, (context: StrategyContext, reason: string) => StrategyResult> = {
    similarity: similarityStrategy,
    majority: majorityStrategy,
    quality: qualityStrategy,
    fastest: fastestStrategy,
    answer: answerStrategy,
    judge: judgeStrategy,
    json: jsonStrategy,
    execution: executionStrategy
};

/** Resolves `auto` and runs the strategy. */
export function runStrategy(candidates: readonly Candidate[], options: ConsensusOptions): StrategyResult {
    if (candidates.length === 0) throw new InvalidRequestError("consensus needs at least one candidate", { param: "candidates", code: "no_candidates" });
    const requested = options.strategy ?? "auto";
    const { strategy, reason } = requested === "auto" ? chooseStrategy(candidates, options.execution != null) : { strategy: requested, reason: `${requested} requested` };
    const context: StrategyContext = {
        candidates,
        weights: candidates.map((candidate) => modelWeight(options.weights, candidate)),
        ...(options.prompt == null ? {} : { prompt: options.prompt }),
        ...(options.judgeReply == null ? {} : { judgeReply: options.judgeReply }),
        ...(options.execution == null ? {} : { execution: options.execution })
    };
    return strategies[strategy](context, reason);
}
