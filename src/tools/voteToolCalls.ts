import { decide, type Candidate, type ConsensusOptions, type Decision } from "../consensus/index.ts";
import { dropAbsent } from "./dropAbsent.ts";
import type { FunctionSpec, ToolCalling } from "./parseToolRequest.ts";
import { validateJson } from "./validateJson.ts";

/** A call as one worker proposed it. */
export interface ProposedCall {
    readonly name: string;
    readonly arguments: unknown;
}

/** One worker's answer: its text as a consensus candidate, and the calls it proposed (maybe none). */
export interface ToolCallCandidate extends Candidate {
    readonly calls: readonly ProposedCall[];
}

export interface RejectedCall {
    readonly worker: string;
    readonly reason: string;
}

export interface ToolCallVote {
    /** Absent when no call won: no worker made a valid call, or text won under "auto". */
    readonly winner?: {
        /** The vote (the consensus engine's `json` strategy over canonical calls); indices refer to the candidates given. */
        readonly decision: Decision;
        /** The winning worker's calls, optional properties the grammar wrote as null left out. */
        readonly calls: readonly ProposedCall[];
    };
    /** Workers whose calls failed the schemas, and why; they did not vote. */
    readonly rejected: readonly RejectedCall[];
}

/**
 * The swarm's vote over tool calls. Each worker's calls are checked against the functions'
 * schemas (a proposal with any invalid call is rejected whole, and without `parallel` only the
 * first call counts); valid proposals then vote as canonical `[{name, arguments}]` JSON through
 * the consensus engine, so key order and spacing do not split the vote and model weights apply.
 * No winner when no worker made a valid call, or when `tool_choice` is "auto" and fewer than half
 * the workers wanted a call (then their text answers are voted on instead).
 */
export function voteToolCalls(candidates: readonly ToolCallCandidate[], calling: ToolCalling, consensus: ConsensusOptions = {}): ToolCallVote {
    const functions = new Map(calling.functions.map((spec) => [spec.name, spec]));
    const rejected: RejectedCall[] = [];
    const proposals = candidates.map((candidate, index) => {
        if (candidate.calls.length === 0) return undefined;
        const calls = (calling.parallel ? candidate.calls : candidate.calls.slice(0, 1)).map((call) => {
            const spec = functions.get(call.name);
            return spec == null ? call : { name: call.name, arguments: dropAbsent(spec.parameters, call.arguments) };
        });
        const reason = firstProblem(calls, functions);
        if (reason == null) return calls;
        rejected.push({ worker: candidate.worker ?? `#${index}`, reason });
        return undefined;
    });
    const callers = proposals.filter((calls) => calls != null).length;
    if (callers === 0 || (calling.choice.mode === "auto" && callers * 2 < candidates.length)) return { rejected };
    // Workers without a valid proposal take part with empty text, which does not vote.
    const ballots = candidates.map((candidate, index): Candidate => {
        const calls = proposals[index];
        return calls == null
            ? { ...candidate, text: "" }
            : { ...candidate, text: JSON.stringify(calls.map((call) => ({ name: call.name, arguments: call.arguments }))), finishReason: "tool_calls" };
    });
    const decision = decide(ballots, { ...consensus, strategy: "json" });
    return { winner: { decision, calls: proposals[decision.winner] ?? [] }, rejected };
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
