import { canonicalJson } from "../canonicalJson.ts";
import { isUnusable } from "../qualityScore.ts";
import type { StrategyResult } from "../types.ts";
import { similarityStrategy } from "./similarity.ts";
import type { StrategyContext } from "./strategyContext.ts";
import { voteOnKeys } from "./voteOnKeys.ts";

/** Majority on canonical JSON (keys sorted, spacing ignored); text that is not valid JSON does not vote. */
export function jsonStrategy(context: StrategyContext, reason = "json requested"): StrategyResult {
    const keys = context.candidates.map((candidate) => (isUnusable(candidate) ? undefined : canonicalJson(candidate.text)));
    return voteOnKeys(context, keys, "json", reason) ?? similarityStrategy(context, `${reason}; no candidate is valid JSON, fell back to similarity`);
}
