import { InvalidRequestError, NotFoundError, PeerAuthError, SwarmError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { parseJsonObject } from "../net/index.ts";
import { ThrottledWarnings } from "./ThrottledWarnings.ts";
import { parseGenerateRequest } from "./parseWire.ts";
import { PeerBodyReader } from "./PeerBodyReader.ts";
import {
    federationPaths, maxPeerBodyBytes, peerBodyBudgetBytes, peerBodyTimeoutMs, type GenerateRequestBody, type HelloInfo, type NodeVote
} from "./protocol.ts";
import { ReplayCache } from "./ReplayCache.ts";
import { signatureHeaders, type SwarmKey, type VerifiedRequest } from "./SwarmKey.ts";

const encoder = new TextEncoder();

export interface FederationHandlerOptions {
    readonly key: SwarmKey;
    /** This node's current hello (id, model, workers...). */
    readonly hello: () => HelloInfo;
    /** Runs phase 1 of a vote on this node's own workers. */
    readonly vote: (request: GenerateRequestBody, signal: AbortSignal) => Promise<NodeVote>;
    readonly logger: Logger;
}

/**
 * Serves the peer routes (`/federation/v1/*`) as a plain fetch handler, because it must see the raw
 * body bytes to check their signature. The signed headers (signature, age, receiver, nonce) are
 * checked before a single body byte is read, so a request without the swarm secret costs no
 * memory; it is answered 401 and logged (throttled per address). Then the body is read under
 * `PeerBodyReader`'s limits and must hash to what the sender signed.
 */
export class FederationHandler {
    readonly #options: FederationHandlerOptions;
    readonly #replays = new ReplayCache();
    readonly #bodies = new PeerBodyReader({ maxBytes: maxPeerBodyBytes, budgetBytes: peerBodyBudgetBytes, timeoutMs: peerBodyTimeoutMs });
    readonly #warnings: ThrottledWarnings;

    constructor(options: FederationHandlerOptions) {
        this.#options = options;
        this.#warnings = new ThrottledWarnings(options.logger);
    }

    async handle(request: Request, remoteAddress = "unknown address"): Promise<Response> {
        const path = new URL(request.url).pathname;
        let nonce: string | undefined;
        try {
            const verified = this.#authenticate(remoteAddress, () =>
                this.#options.key.verifyRequest({
                    method: request.method,
                    path,
                    headers: request.headers,
                    receiver: this.#options.hello().id,
                    acceptAnyTarget: path === federationPaths.hello
                }, this.#replays)
            );
            nonce = verified.nonce;
            const body = await this.#bodies.read(request);
            this.#authenticate(remoteAddress, () => this.#options.key.checkBody(verified, body));
            return this.#respond(nonce, 200, await this.#route(request, path, body, remoteAddress, verified));
        } catch (error) {
            if (error instanceof SwarmError)
                return this.#respond(nonce, error.status, { error: { message: error.message, type: error.type, code: error.code } });
            this.#options.logger.warn(`a federation request from ${remoteAddress} failed: ${(error as Error).message}`);
            return this.#respond(nonce, 500, { error: { message: "internal error", type: "server_error", code: "internal_error" } });
        } finally {
            // Whatever was not read (a refused request's body) is dropped, not buffered.
            if (request.body != null && !request.bodyUsed) void request.body.cancel().catch(() => {});
        }
    }

    /** Runs a signature check, logging a refusal (throttled per address) before passing it on. */
    #authenticate<T>(remoteAddress: string, check: () => T): T {
        try {
            return check();
        } catch (error) {
            if (error instanceof PeerAuthError)
                this.#warnings.warn(`auth:${remoteAddress}`, `rejected a federation request from ${remoteAddress}: ${error.message}`);
            throw error;
        }
    }

    async #route(request: Request, path: string, body: Uint8Array, remoteAddress: string, verified: VerifiedRequest): Promise<unknown> {
        if (path === federationPaths.hello && request.method === "GET") return this.#options.hello();
        const version = path === federationPaths.generate ? 1 : path === federationPaths.generateWithTools ? 2 : undefined;
        if (version != null && request.method === "POST") {
            if (!(request.headers.get("content-type") ?? "").startsWith("application/json"))
                throw new InvalidRequestError("federation requests carry JSON only (content-type application/json)");
            const json = parseJsonObject(body);
            this.#options.logger.debug(`federation: voting for node ${verified.node} at ${remoteAddress}`);
            return this.#options.vote(parseGenerateRequest(json, version), request.signal);
        }
        throw new NotFoundError(`no federation route ${request.method} ${path}`);
    }

    /** Responses are signed against the request's nonce; errors before the check go out unsigned. */
    #respond(nonce: string | undefined, status: number, payload: unknown): Response {
        const body = encoder.encode(JSON.stringify(payload));
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (nonce != null) headers[signatureHeaders.signature] = this.#options.key.signResponse(nonce, status, body);
        return new Response(body, { status, headers });
    }
}
