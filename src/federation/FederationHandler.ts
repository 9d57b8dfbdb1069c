import { InvalidRequestError, NotFoundError, PeerAuthError, SwarmError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { ThrottledWarnings } from "./ThrottledWarnings.ts";
import { federationPaths, maxPeerBodyBytes, type GenerateRequestBody, type HelloInfo, type NodeVote } from "./protocol.ts";
import { parseGenerateRequest } from "./parseWire.ts";
import { readBoundedBody } from "./readBoundedBody.ts";
import { ReplayCache } from "./ReplayCache.ts";
import { signatureHeaders, type SwarmKey } from "./SwarmKey.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

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
 * body bytes to check their signature. Nothing runs before the signature, age and nonce check; a
 * request that fails it is answered 401 and logged (throttled per address).
 */
export class FederationHandler {
    readonly #options: FederationHandlerOptions;
    readonly #replays = new ReplayCache();
    readonly #warnings: ThrottledWarnings;

    constructor(options: FederationHandlerOptions) {
        this.#options = options;
        this.#warnings = new ThrottledWarnings(options.logger);
    }

    async handle(request: Request, remoteAddress = "unknown address"): Promise<Response> {
        const path = new URL(request.url).pathname;
        let nonce: string | undefined;
        try {
            const body = await readBoundedBody(request, maxPeerBodyBytes);
            try {
                nonce = this.#options.key.verifyRequest(request.method, path, request.headers, body, this.#replays).nonce;
            } catch (error) {
                if (error instanceof PeerAuthError)
                    this.#warnings.warn(`auth:${remoteAddress}`, `rejected a federation request from ${remoteAddress}: ${error.message}`);
                throw error;
            }
            return this.#respond(nonce, 200, await this.#route(request, path, body, remoteAddress));
        } catch (error) {
            if (error instanceof SwarmError)
                return this.#respond(nonce, error.status, { error: { message: error.message, type: error.type, code: error.code } });
            this.#options.logger.warn(`a federation request from ${remoteAddress} failed: ${(error as Error).message}`);
            return this.#respond(nonce, 500, { error: { message: "internal error", type: "server_error", code: "internal_error" } });
        }
    }

    async #route(request: Request, path: string, body: Uint8Array, remoteAddress: string): Promise<unknown> {
        if (path === federationPaths.hello && request.method === "GET") return this.#options.hello();
        if (path === federationPaths.generate && request.method === "POST") {
            if (!(request.headers.get("content-type") ?? "").startsWith("application/json"))
                throw new InvalidRequestError("federation requests carry JSON only (content-type application/json)");
            let json: unknown;
            try {
                json = JSON.parse(decoder.decode(body));
            } catch (error) {
                throw new InvalidRequestError("federation request body is not valid JSON", { cause: error });
            }
            this.#options.logger.debug(`federation: voting for the peer at ${remoteAddress}`);
            return this.#options.vote(parseGenerateRequest(json), request.signal);
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
