import type { RequestedMode, Voter } from "../swarm/index.ts";

/** What every route that generates by vote needs (chat, completions, Ollama's chat and generate). */
export interface GenerationRoutesOptions {
    readonly voter: Voter;
    readonly defaultMaxTokens: number;
    /** How often a stream sends a keep-alive while the workers vote. */
    readonly keepAliveMs: number;
    readonly maxRequestBytes: number;
    /** How streams that ask for no mode are answered (the `stream-mode` setting). */
    readonly streamMode: RequestedMode;
}
