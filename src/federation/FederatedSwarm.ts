import type { ModelWeights, RequestedStrategy } from "../consensus/index.ts";
import { CancelledError, EngineError, InvalidRequestError, PeerError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { FinishReason, RunOptions, SwarmRequest, SwarmResult, Voter, WorkerResult } from "../swarm/index.ts";
import type { Federation } from "./Federation.ts";
import { voteToolCalls, type ToolCallVote } from "../tools/index.ts";
import { agreementsWithOthers, agreementThreshold, globalVote, nodeKey, nodeWeights, similarityToWinner, type GlobalVoteOptions, type NodeWeight } from "./globalVote.ts";
import type { VotingPeer } from "./PeerRegistry.ts";
import type { NodeVote } from "./protocol.ts";
import { toNodeVote } from "./runLocalVote.ts";
import { toWireRequest, usesTools } from "./wireRequest.ts";

/** One node's part in a federated vote, for the `swarm.nodes` extension. */
export interface NodeOutcome {
    readonly node: string;
    /** Null for the node that took the request. */
    readonly url: string | null;
    readonly self: boolean;
    /** Null when the node answered; else why its vote was dropped. */
    readonly error: string | null;
    /** Its local vote (null when it failed). */
    readonly vote: NodeVote | null;
    /** Time from asking it to its answer (or failure), ms. */
    readonly latencyMs: number;
    /** Its score in the global vote. */
    readonly score: number | null;
    readonly won: boolean;
    /** How close its answer is to the global winner's, 0..1. */
    readonly similarity: number | null;
    /** What its vote weighed and why (null when it failed). */
    readonly weight: (NodeWeight & { readonly reason: string }) | null;
}

/** A SwarmResult whose candidates are the nodes' winners (worker = node id), with every node's outcome. */
export interface FederatedResult extends SwarmResult {
    readonly nodes: readonly NodeOutcome[];
}

/** A federated request's global vote, for observers such as the dashboard. */
export interface FederatedOutcome {
    /** The request object the local swarm ran: the same one its `started` event carries. */
    readonly request: SwarmRequest;
    readonly result: FederatedResult;
}

export function isFederatedResult(result: SwarmResult): result is FederatedResult {
    return Array.isArray((result as Partial<FederatedResult>).nodes);
}

export interface FederatedSwarmOptions {
    readonly local: Voter;
    readonly federation: Federation;
    /** How long each peer may take to answer; a later answer is dropped. */
    readonly peerDeadlineMs: number;
    /** Ask the peers only when the local vote's confidence is below this; 1 = always, all at once. */
    readonly federateBelow: number;
    readonly strategy: RequestedStrategy;
    readonly weights?: ModelWeights;
    readonly abstainBelow?: number;
    readonly logger: Logger;
}

interface Settled {
    readonly peer: VotingPeer | null;
    readonly vote: NodeVote | null;
    readonly error: unknown;
    readonly latencyMs: number;
    /** Not asked: the peer cannot take this request (protocol 1 and tools). */
    readonly skipped?: true;
}

/**
 * The two-phase vote. Phase 1: the request goes to this node's swarm and to every healthy peer at
 * once; each runs its local vote and returns its winner. Phase 2: the consensus engine picks among
 * the nodes' winners, weighted by worker count. A peer that fails, dies or misses its deadline
 * costs only its vote. A tool-calling request goes to the peers that speak protocol 2; the others
 * are skipped, and the answer's `swarm.nodes` says so. With no healthy peer, or for a raw-prompt
 * request, this is exactly the local swarm. With `federateBelow`
 * under 1, this node votes first and asks the peers only when it is not confident enough.
 */
export class FederatedSwarm implements Voter {
    readonly #options: FederatedSwarmOptions;
    readonly #listeners = new Set<(outcome: FederatedOutcome) => void>();

    constructor(options: FederatedSwarmOptions) {
        this.#options = options;
    }

    get model(): string {
        return this.#options.local.model;
    }

    get workers(): number {
        return this.#options.local.workers;
    }

    /**
     * Every global vote, after the local swarm's own events for the same request. Requests that
     * stay local (no healthy peer, tools, a confident node) have none. Returns the unsubscribe function.
     */
    subscribe(listener: (outcome: FederatedOutcome) => void): () => void {
        this.#listeners.add(listener);
        return () => this.#listeners.delete(listener);
    }

    async run(asked: SwarmRequest, options: RunOptions = {}): Promise<SwarmResult> {
        const { federation, local, logger } = this.#options;
        const voters = federation.registry.voters();
        const wire = toWireRequest(asked);
        if (voters.length === 0 || wire == null) return local.run(asked, options);
        // The nodes vote on whole answers, so the local swarm answers whole too (a stream shows its draft meanwhile).
        const request: SwarmRequest = asked.mode == null || asked.mode === "whole" ? asked : { ...asked, mode: "whole" };
        const withTools = usesTools(wire);
        const peers = withTools ? voters.filter((peer) => peer.tools) : voters;
        const skipped = voters.filter((peer) => !peers.includes(peer)).map((peer): Settled => ({
            peer,
            vote: null,
            error: new PeerError("skipped: it speaks federation protocol 1, which carries no tool calls", { code: "peer_no_tools" }),
            latencyMs: 0,
            skipped: true
        }));

        const controller = new AbortController();
        const abort = () => controller.abort(new CancelledError("the client went away"));
        options.signal?.addEventListener("abort", abort, { once: true });
        if (options.signal?.aborted) abort();
        const started = performance.now();
        try {
            const askPeers = () => {
                logger.debug(`federated vote: asking ${peers.length} peers (${peers.map((peer) => peer.id).join(", ")})`);
                return peers.map((peer) => this.#settle(peer, () => federation.client.generate(peer.url, peer.id, wire, this.#options.peerDeadlineMs, controller.signal)));
            };
            const gated = this.#options.federateBelow < 1;
            const mine = this.#runLocal(request, controller.signal, options);
            const theirs = gated ? undefined : askPeers();
            const own = await mine;
            // A request this node finds invalid is invalid everywhere; a cancelled one is over.
            if (own.error instanceof InvalidRequestError || own.error instanceof CancelledError) {
                controller.abort(own.error);
                throw own.error;
            }
            if (gated && own.result != null && own.result.decision.confidence >= this.#options.federateBelow) {
                logger.debug(`federated vote: this node is confident (${own.result.decision.confidence.toFixed(2)}), the peers are not asked`);
                return own.result;
            }
            const settled = [own, ...(await Promise.all(theirs ?? askPeers())), ...skipped];
            if (options.signal?.aborted) throw new CancelledError("the client went away");
            const result = this.#decide(request, settled, Math.round(performance.now() - started));
            for (const listener of this.#listeners) listener({ request, result });
            return result;
        } finally {
            options.signal?.removeEventListener("abort", abort);
        }
    }

    /**
     * This node's own vote; keeps the full local result for when the peers are not needed. Its
     * acceptance is the request's (`onAccepted`: a stream may start once the local swarm takes it).
     */
    async #runLocal(request: SwarmRequest, signal: AbortSignal, { onEvent, onAccepted }: RunOptions): Promise<Settled & { result: SwarmResult | null }> {
        const { federation, local } = this.#options;
        const started = performance.now();
        try {
            const result = await local.run(request, { signal, ...(onEvent != null ? { onEvent } : {}), ...(onAccepted != null ? { onAccepted } : {}) });
            const latencyMs = Math.round(performance.now() - started);
            return { peer: null, vote: toNodeVote(result, federation.identity.id, local.workers, latencyMs), error: null, latencyMs, result };
        } catch (error) {
            return { peer: null, vote: null, error, latencyMs: Math.round(performance.now() - started), result: null };
        }
    }

    async #settle(peer: VotingPeer, call: () => Promise<NodeVote>): Promise<Settled> {
        const started = performance.now();
        try {
            const vote = await call();
            return { peer, vote, error: null, latencyMs: Math.round(performance.now() - started) };
        } catch (error) {
            return { peer, vote: null, error, latencyMs: Math.round(performance.now() - started) };
        }
    }

    #decide(request: SwarmRequest, settled: readonly Settled[], elapsedMs: number): FederatedResult {
        const { federation, logger } = this.#options;
        const answered = settled.filter((outcome) => outcome.vote != null);
        const votes = answered.map((outcome) => outcome.vote!);
        for (const outcome of settled)
            if (outcome.vote == null)
                logger.info(`federated vote: ${outcome.peer == null ? "this node" : `peer ${outcome.peer.id} (${outcome.peer.url})`} ${outcome.skipped ? "not asked" : "dropped"}: ${(outcome.error as Error).message}`);
        if (votes.length === 0) {
            const own = settled[0]!.error;
            throw own instanceof Error ? own : new PeerError("no node of the swarm answered");
        }
        const voteOptions: GlobalVoteOptions = {
            strategy: request.strategy ?? this.#options.strategy,
            prompt: request.messages.filter((message) => message.role === "user").at(-1)?.content,
            weights: this.#options.weights,
            trust: federation.trust.weights(votes),
            abstainBelow: this.#options.abstainBelow
        };
        const weights = nodeWeights(votes, voteOptions).map((weight, index) => ({ ...weight, reason: weightReason(votes[index]!, weight, federation) }));
        const toolVote = this.#voteToolCalls(request, votes, weights.map((weight) => weight.vote));
        // A tool vote compares the nodes' calls (canonical JSON), as the local swarm's does.
        const ballots = toolVote == null ? votes : votes.map((vote) => ({ ...vote, text: vote.toolCalls == null ? "" : JSON.stringify(vote.toolCalls) }));
        const ballotOptions = toolVote == null ? voteOptions : { ...voteOptions, strategy: "json" as const };
        const voted = toolVote?.decision ?? globalVote(votes, voteOptions);
        const decision = { ...voted, reason: `${voted.reason}; node votes: ${votes.map((vote, index) => `${vote.node} ${weights[index]!.vote.toFixed(2)} (${weights[index]!.reason})`).join(", ")}` };
        federation.trust.record(votes, agreementsWithOthers(ballots, ballotOptions));
        const winner = votes[decision.winner]!;
        const nodes = settled.map((outcome): NodeOutcome => {
            const index = outcome.vote == null ? -1 : answered.indexOf(outcome);
            const similarity = index === -1 ? null : similarityToWinner(ballots[index]!.text, ballots[decision.winner]!.text);
            const won = index === decision.winner;
            if (outcome.peer != null && outcome.skipped !== true)
                federation.registry.recordVote(outcome.peer.key, {
                    ok: outcome.vote != null,
                    latencyMs: outcome.latencyMs,
                    won,
                    agreed: similarity != null && similarity >= agreementThreshold,
                    ...(outcome.vote == null ? { error: (outcome.error as Error).message } : {})
                });
            return {
                node: outcome.vote?.node ?? outcome.peer?.id ?? federation.identity.id,
                url: outcome.peer?.url ?? null,
                self: outcome.peer == null,
                error: outcome.vote == null ? (outcome.error as Error).message : null,
                vote: outcome.vote,
                latencyMs: outcome.latencyMs,
                score: index === -1 || !Number.isFinite(decision.scores[index]) ? null : decision.scores[index]!,
                won,
                similarity,
                weight: index === -1 ? null : weights[index]!
            };
        });
        logger.debug(`federated vote: ${votes.length} of ${settled.length} nodes answered in ${elapsedMs} ms; ${winner.node} won`);
        return {
            model: winner.model,
            candidates: votes.map((vote): WorkerResult => ({
                worker: vote.node,
                text: vote.text,
                tokens: vote.tokens,
                ...(vote.thought != null ? { thought: vote.thought } : {}),
                ...(vote.thoughtTokens != null ? { thoughtTokens: vote.thoughtTokens } : {}),
                ...(vote.cutWhileThinking != null ? { cutWhileThinking: vote.cutWhileThinking } : {}),
                latencyMs: vote.latencyMs,
                finishReason: vote.toolCalls != null ? "tool_calls" : finishReason(vote.finishReason),
                temperature: vote.temperature,
                seed: vote.seed,
                ...(vote.toolCalls != null ? { calls: vote.toolCalls } : {})
            })),
            decision,
            promptTokens: winner.promptTokens,
            nodes,
            ...(toolVote != null ? { toolVote: { calls: toolVote.calls, rejected: toolVote.rejected } } : {})
        };
    }

    /**
     * For a tool-calling request: the nodes' voted calls, checked against the schemas again (a
     * peer's calls are not taken on trust) and voted like the workers' calls, each node with its
     * weight. Undefined when no call won and text may answer ("auto"); with a call required, no
     * valid call from any node is an error, as it is on one node.
     */
    #voteToolCalls(request: SwarmRequest, votes: readonly NodeVote[], weights: readonly number[]): (ToolCallVote["winner"] & Pick<ToolCallVote, "rejected">) | undefined {
        const calling = request.params.tools;
        if (calling == null) return undefined;
        const ballots = votes.map((vote) => ({ text: vote.text, worker: vote.node, model: nodeKey(vote), finishReason: vote.finishReason, calls: vote.toolCalls ?? [] }));
        const { winner, rejected } = voteToolCalls(ballots, calling, { weights: Object.fromEntries(votes.map((vote, index) => [nodeKey(vote), weights[index]!])) });
        if (winner != null) return { ...winner, rejected };
        if (calling.choice.mode === "auto") return undefined;
        const why = votes.map((vote) => `${vote.node}: ${rejected.find((entry) => entry.worker === vote.node)?.reason ?? "answered with text"}`);
        throw new EngineError(`no node of the swarm produced a valid tool call (${why.join("; ")})`, { code: "no_valid_tool_call" });
    }
}

/** Why a node's vote weighed what it did, in words. */
function weightReason(vote: NodeVote, weight: NodeWeight, federation: Federation): string {
    const base = weight.source === "fitted" ? `fitted weight ${weight.weight.toFixed(2)} for ${vote.model}`
        : weight.source === "trust" ? federation.trust.view(vote.model, vote.node).reason : "neutral weight 1";
    const backing = `${vote.workers} workers × local agreement ${vote.agreement.toFixed(2)}`;
    return `${backing}; ${base}${weight.capped ? "; capped below the other nodes' votes together" : ""}`;
}

function finishReason(reason: string): FinishReason {
    return reason === "length" ? "length" : "stop";
}
