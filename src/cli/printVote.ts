/** One vote as `ask` prints it, whether this process ran it or a local server did. */
export interface VoteView {
    readonly candidates: readonly {
        readonly worker: string;
        readonly temperature: number;
        readonly seed: number;
        readonly tokens: number;
        readonly latencyMs: number;
        readonly finishReason: string;
        readonly score: number | null;
        readonly text: string;
        readonly error?: string;
    }[];
    readonly winner: number;
    readonly strategy: string;
    readonly agreement: number;
    readonly confidence: number;
}

/** Every worker's answer with its score, then the winner. */
export function printVote(view: VoteView, stdout: NodeJS.WritableStream): void {
    for (const [index, candidate] of view.candidates.entries()) {
        const { score } = candidate;
        stdout.write(
            `--- ${candidate.worker} (temperature ${candidate.temperature}, seed ${candidate.seed}): ` +
            `${candidate.tokens} tokens in ${candidate.latencyMs} ms, ${candidate.finishReason}, ` +
            `score ${score == null || Number.isNaN(score) ? "-" : score.toFixed(3)}` +
            `${index === view.winner ? "  << WINNER" : ""}\n${candidate.error ?? candidate.text}\n`
        );
    }
    const winner = view.candidates[view.winner]!;
    stdout.write(
        `\n=== winner: ${winner.worker} by ${view.strategy}; agreement ${(view.agreement * 100).toFixed(0)}%, ` +
        `confidence ${view.confidence.toFixed(2)}\n${winner.text}\n`
    );
}
