import { CancelledError, PeerAuthError, PeerError, SwarmError } from "../errors.ts";
import type { NodeIdentity } from "./NodeIdentity.ts";
import { federationPaths, maxPeerBodyBytes, type GenerateRequestBody, type HelloInfo, type NodeVote } from "./protocol.ts";
import { parseHello, parseNodeVote } from "./parseWire.ts";
import { readBoundedBody } from "./readBoundedBody.ts";
import { anyNode, signatureHeaders, type SwarmKey } from "./SwarmKey.ts";
import { usesTools } from "./wireRequest.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Signed JSON calls to one peer's `/federation/v1/*` and `/federation/v2/*` routes. Every failure is a PeerError whose
 * code says what went wrong: peer_unreachable, peer_timeout, peer_rejected (it refuses our
 * signature: another secret, a clock far off), peer_unsigned (its answer is not signed by the swarm), peer_bad_response, peer_failed.
 */
export class PeerClient {
    readonly #key: SwarmKey;
    readonly #identity: NodeIdentity;

    constructor(key: SwarmKey, identity: NodeIdentity) {
        this.#key = key;
        this.#identity = identity;
    }

    /** The heartbeat, addressed to whichever node answers at `baseUrl` (its id may not be known yet). */
    hello(baseUrl: string, timeoutMs: number, signal?: AbortSignal): Promise<HelloInfo> {
        return this.#call(baseUrl, anyNode, "GET", federationPaths.hello, undefined, timeoutMs, signal, parseHello);
    }

    /**
     * Phase 1 of a vote on node `target` (its id, from its hello): the signature is good for that node
     * only. A request with tools goes to the protocol 2 route; ask only peers that announce "tools".
     */
    generate(baseUrl: string, target: string, request: GenerateRequestBody, timeoutMs: number, signal?: AbortSignal): Promise<NodeVote> {
        const path = usesTools(request) ? federationPaths.generateWithTools : federationPaths.generate;
        return this.#call(baseUrl, target, "POST", path, request, timeoutMs, signal, parseNodeVote);
    }

    async #call<T>(
        baseUrl: string,
        target: string,
        method: string,
        path: string,
        payload: unknown,
        timeoutMs: number,
        signal: AbortSignal | undefined,
        parse: (json: unknown) => T
    ): Promise<T> {
        const body = payload === undefined ? new Uint8Array(0) : encoder.encode(JSON.stringify(payload));
        const signed = this.#key.signRequest(method, path, body, this.#identity.id, target);
        const timeout = AbortSignal.timeout(timeoutMs);
        const combined = signal == null ? timeout : AbortSignal.any([signal, timeout]);
        const where = `${baseUrl}${path}`;
        try {
            const response = await fetch(where, {
                method,
                headers: { ...signed.headers, ...(payload === undefined ? {} : { "content-type": "application/json" }) },
                ...(payload === undefined ? {} : { body }),
                signal: combined,
                redirect: "error"
            });
            const bytes = await readBoundedBody(response, maxPeerBodyBytes);
            // A refusal comes before the peer could sign anything: its reason is shown, never trusted.
            if (response.status === 401)
                throw new PeerError(`${baseUrl} refuses this node's requests: ${errorMessage(bytes)}`, { code: "peer_rejected" });
            this.#key.verifyResponse(signed.nonce, response.status, bytes, response.headers.get(signatureHeaders.signature));
            let json: unknown;
            try {
                json = JSON.parse(decoder.decode(bytes));
            } catch (error) {
                throw new PeerError(`${where} answered with something that is not JSON`, { code: "peer_bad_response", cause: error });
            }
            if (!response.ok) throw new PeerError(`${where} failed (HTTP ${response.status}): ${errorMessage(bytes)}`);
            return parse(json);
        } catch (error) {
            throw this.#explain(error, where, timeout, timeoutMs, signal);
        }
    }

    #explain(error: unknown, where: string, timeout: AbortSignal, timeoutMs: number, signal: AbortSignal | undefined): SwarmError {
        if (signal?.aborted === true) return new CancelledError(`call to ${where} was cancelled`, { cause: error });
        if (error instanceof PeerError) return error;
        if (error instanceof PeerAuthError) return new PeerError(`${where}: ${error.message}`, { code: "peer_unsigned", cause: error });
        if (error instanceof SwarmError) return new PeerError(`${where}: ${error.message}`, { code: "peer_bad_response", cause: error });
        if (timeout.aborted) return new PeerError(`${where} did not answer within ${timeoutMs} ms`, { code: "peer_timeout", cause: error });
        return new PeerError(`${where} is unreachable: ${(error as Error).message}`, { code: "peer_unreachable", cause: error });
    }
}

/** The `error.message` of a peer's JSON error body, cut short; "no message" if there is none. */
function errorMessage(bytes: Uint8Array): string {
    try {
        const message = (JSON.parse(decoder.decode(bytes)) as { error?: { message?: unknown } } | null)?.error?.message;
        if (typeof message === "string") return message.slice(0, 300);
    } catch {
        // Not JSON: nothing to show.
    }
    return "no message";
}
