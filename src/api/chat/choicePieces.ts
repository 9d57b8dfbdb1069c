import { isFederatedResult } from "../../federation/index.ts";
import type { SwarmResult, WorkerResult } from "../../swarm/index.ts";

/**
 * The text deltas a chosen candidate is streamed as; they always add up to `whole` (its answer, or
 * its thinking) exactly. A worker's text goes out as the chunks it wrote (`recorded`, from this
 * request's `text` or `thought` events); in a federated answer this node's own vote is its local
 * winner's chunks. A peer's answer arrived whole, so it goes out in word-sized pieces, as does any
 * text the recorded chunks do not add up to.
 */
export function choicePieces(result: SwarmResult, candidate: WorkerResult, recorded: ReadonlyMap<string, readonly string[]>, whole: string = candidate.text): readonly string[] {
    const worker = localWorker(result, candidate);
    const chunks = worker == null ? undefined : recorded.get(worker);
    return chunks != null && chunks.join("") === whole ? chunks : wordPieces(whole);
}

/** Each word with the whitespace before it; whitespace at the end is a piece of its own. */
export function wordPieces(text: string): string[] {
    return text.match(/\s*\S+|\s+/g) ?? [];
}

/**
 * Which of this node's workers wrote a candidate. A federated result's candidates are the nodes'
 * winners, named by node id: only this node's has a local worker behind it.
 */
function localWorker(result: SwarmResult, candidate: WorkerResult): string | undefined {
    if (!isFederatedResult(result)) return candidate.worker;
    return result.nodes.find((node) => node.self && node.vote?.node === candidate.worker)?.vote?.worker;
}
