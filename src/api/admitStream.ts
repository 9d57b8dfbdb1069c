import type { SwarmEvent, SwarmResult } from "../swarm/index.ts";

/** Starts a voted request: the Voter's `run` with this stream's signal, event listener and admission callback. */
export type VotedRun = (signal: AbortSignal, onEvent: (event: SwarmEvent) => void, onAccepted: () => void) => Promise<SwarmResult>;

/** A voted request the swarm has admitted, whose answer a streamed response will carry. */
export interface AdmittedRun {
    /** The vote; rejects when the request fails or is cancelled. */
    readonly running: Promise<SwarmResult>;
    /** Each worker's text chunks as it wrote them, so the winner can be replayed as it was generated. */
    readonly recorded: ReadonlyMap<string, readonly string[]>;
    /** Each worker's thinking chunks, likewise (models that think before they answer). */
    readonly recordedThoughts: ReadonlyMap<string, readonly string[]>;
    /**
     * Hands `listener` the request's events: those seen so far at once, then each as it comes. For
     * streams that send the answer while it is made (`single` and `segments` modes, a draft in `whole`).
     */
    follow(listener: (event: SwarmEvent) => void): void;
    /** Aborted when the client goes away or cancels the stream. */
    readonly signal: AbortSignal;
    /** Cancels the request (the stream's reader went away). */
    cancel(): void;
    /** Stops listening to the client's request signal once the response is complete. */
    release(): void;
}

/**
 * Runs a request for a streamed response and returns once the swarm has accepted it (it holds the
 * workers or a place in the queue). A refusal (a full queue's 429, a prompt too long, a bad
 * format) rejects here, before any byte is sent, so it keeps its HTTP status instead of becoming an
 * error event inside a 200. Every streamed route (OpenAI's SSE, Ollama's NDJSON) starts this way.
 * `follows`: the response will `follow` the events, so those before it starts are kept for it.
 */
export async function admitStream(run: VotedRun, clientSignal: AbortSignal, { follows = false }: { readonly follows?: boolean } = {}): Promise<AdmittedRun> {
    const controller = new AbortController();
    const cancel = () => controller.abort();
    clientSignal.addEventListener("abort", cancel, { once: true });
    const release = () => clientSignal.removeEventListener("abort", cancel);
    const recorded = new Map<string, string[]>();
    const recordedThoughts = new Map<string, string[]>();
    let accepted!: () => void;
    const admitted = new Promise<void>((resolve) => (accepted = resolve));
    // A response that `follows` the events gets those from before it started too (it starts right after admission).
    let early: SwarmEvent[] | undefined = follows ? [] : undefined;
    let follower: ((event: SwarmEvent) => void) | undefined;
    const follow = (listener: (event: SwarmEvent) => void) => {
        for (const event of early ?? []) listener(event);
        early = undefined;
        follower = listener;
    };
    const running = run(controller.signal, (event) => {
        if (follower != null) follower(event);
        else early?.push(event);
        if (event.type !== "text" && event.type !== "thought") return;
        const byWorker = event.type === "text" ? recorded : recordedThoughts;
        const chunks = byWorker.get(event.worker) ?? [];
        chunks.push(event.text);
        byWorker.set(event.worker, chunks);
    }, accepted);
    try {
        await Promise.race([admitted, running]);
    } catch (error) {
        release();
        throw error;
    }
    return { running, recorded, recordedThoughts, follow, signal: controller.signal, cancel, release };
}

/**
 * The streamed response of an admitted request: `produce` writes the body through `send` and
 * returns when it is complete; the stream then closes and stops listening to the client. Once the
 * reader is gone, `send` does nothing and the request is cancelled.
 */
export function streamResponse(admitted: AdmittedRun, contentType: string, produce: (send: (text: string) => void) => Promise<void>): Response {
    const encoder = new TextEncoder();
    let open = true;
    const stream = new ReadableStream<Uint8Array>({
        start: async (sink) => {
            try {
                await produce((text) => {
                    if (open) sink.enqueue(encoder.encode(text));
                });
            } finally {
                admitted.release();
                open = false;
                try {
                    sink.close();
                } catch {
                    // Already closed by the client.
                }
            }
        },
        cancel: () => {
            open = false;
            admitted.cancel();
        }
    });
    return new Response(stream, {
        headers: {
            "content-type": contentType,
            "cache-control": "no-cache",
            connection: "keep-alive",
            "x-accel-buffering": "no"
        }
    });
}
