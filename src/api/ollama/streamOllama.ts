import { admitStream, streamResponse, type VotedRun } from "../admitStream.ts";
import { LiveAnswer } from "../LiveAnswer.ts";
import { choicePieces } from "../chat/choicePieces.ts";
import { mapError } from "../errorBody.ts";
import { ollamaDone, ollamaPiece, type OllamaKind } from "./ollamaReply.ts";

export interface OllamaStreamOptions {
    readonly kind: OllamaKind;
    readonly model: string;
    readonly startedNs: bigint;
    /** How often an empty piece keeps the connection alive while the workers vote. */
    readonly keepAliveMs: number;
    readonly signal: AbortSignal;
}

/**
 * Ollama's NDJSON stream (`application/x-ndjson`, one JSON object a line) of a voted answer, in the
 * request's mode as the OpenAI stream has it: the text as it is generated (`single`), each segment
 * as soon as it is voted (`segments`), or after the vote the winner's text as its worker wrote it,
 * piece by piece (`whole`); then the `done` object. While the workers
 * vote, empty pieces keep the connection open (Ollama has no comment lines; an empty piece adds
 * nothing to the answer). Admission is the OpenAI routes' (`admitStream`), so a 429 or a bad format
 * is an HTTP error, and a failure after it is Ollama's `{"error": …}` line.
 */
export async function streamOllama(run: VotedRun, options: OllamaStreamOptions): Promise<Response> {
    const admitted = await admitStream(run, options.signal, { follows: true });
    return streamResponse(admitted, "application/x-ndjson", async (send) => {
        const line = (value: unknown) => send(`${JSON.stringify(value)}\n`);
        const live = new LiveAnswer();
        admitted.follow((event) => {
            const piece = live.read(event);
            if (piece != null) line(ollamaPiece(options.kind, options.model, piece));
        });
        const keepAlive = setInterval(() => line(ollamaPiece(options.kind, options.model, "")), options.keepAliveMs);
        try {
            const result = await admitted.running;
            clearInterval(keepAlive);
            const rest = live.rest(result);
            const pieces = rest == null ? choicePieces(result, result.candidates[result.decision.winner]!, admitted.recorded) : [rest];
            for (const piece of pieces)
                if (piece !== "") line(ollamaPiece(options.kind, result.model, piece));
            line(ollamaDone(options.kind, result, "", options.startedNs));
        } catch (error) {
            if (!admitted.signal.aborted) line({ error: mapError("UNKNOWN", error).body.error.message });
        } finally {
            clearInterval(keepAlive);
        }
    });
}
