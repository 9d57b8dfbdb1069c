import { canonicalJson } from "./canonicalJson.ts";
import type { FunctionSpec, ToolChoice } from "./parseToolRequest.ts";
import { validateJson } from "./validateJson.ts";

/** A call as one worker proposed it. */
export interface ProposedCall {
    readonly name: string;
    readonly arguments: unknown;
}

/** What one worker answered: calls, text, or both (text before its calls). */
export interface ToolCallCandidate {
    readonly worker: string;
    readonly calls: readonly ProposedCall[];
}

export interface ToolCallProposal {
    /** Canonical JSON of the proposal's calls, `[[name, arguments], ...]`: what the vote compares. */
    readonly key: string;
    readonly calls: readonly ProposedCall[];
    readonly workers: readonly string[];
}

export interface ToolCallVote {
    /** The winning calls, in the order the winning workers made them. */
    readonly calls: readonly ProposedCall[];
    /** Every distinct valid proposal, most votes first. */
    readonly proposals: readonly ToolCallProposal[];
    /** Share of all workers that proposed exactly the winning calls, 0..1. */
    readonly agreement: number;
    /** Workers whose calls failed the schema, and why. */
    readonly rejected: readonly { readonly worker: string; readonly reason: string }[];
}

/**
 * The swarm's vote over tool calls. Each worker's calls are checked against the functions'
 * schemas (a proposal with any invalid call is rejected whole); valid proposals are compared as
 * canonical (name, arguments) JSON, so key order and spacing do not split the vote; the proposal
 * with most workers wins, ties going to the one proposed first. Undefined when no worker made a
 * valid call, or when `tool_choice` is "auto" and fewer than half the workers wanted a call (then
 * the text answers are voted on instead).
 */
export function voteToolCalls(candidates: readonly ToolCallCandidate[], functions: readonly FunctionSpec[], choice: ToolChoice, parallel: boolean): ToolCallVote | undefined {
    const byName = new Map(functions.map((spec) => [spec.name, spec]));
    const proposals = new Map<string, { calls: readonly ProposedCall[]; workers: string[]; first: number }>();
    const rejected: { worker: string; reason: string }[] = [];
    for (const [index, candidate] of candidates.entries()) {
        if (candidate.calls.length === 0) continue;
        const calls = parallel ? candidate.calls : candidate.calls.slice(0, 1);
        const reason = firstProblem(calls, byName);
        if (reason != null) {
            rejected.push({ worker: candidate.worker, reason });
            continue;
        }
        const key = canonicalJson(calls.map((call) => [call.name, call.arguments]));
        const proposal = proposals.get(key) ?? { calls, workers: [], first: index };
        proposal.workers.push(candidate.worker);
        proposals.set(key, proposal);
    }
    const ranked = [...proposals.entries()]
        .sort(([, a], [, b]) => b.workers.length - a.workers.length || a.first - b.first)
        .map(([key, { calls, workers }]) => ({ key, calls, workers }));
    const winner = ranked[0];
    if (winner == null) return undefined;
    const callers = ranked.reduce((sum, proposal) => sum + proposal.workers.length, 0);
    if (choice.mode === "auto" && callers * 2 < candidates.length) return undefined;
    return { calls: winner.calls, proposals: ranked, agreement: winner.workers.length / candidates.length, rejected };
}

function firstProblem(calls: readonly ProposedCall[], functions: ReadonlyMap<string, FunctionSpec>): string | undefined {
    for (const call of calls) {
        const spec = functions.get(call.name);
        if (spec == null) return `called unknown function "${call.name}"`;
        const problem = validateJson(spec.parameters, call.arguments, `${call.name}.arguments`);
        if (problem != null) return problem;
    }
    return undefined;
}
