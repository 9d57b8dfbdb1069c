import crypto from "node:crypto";
import { ConfigError, PeerAuthError } from "../errors.ts";
import { nodeIdPattern } from "./protocol.ts";
import type { ReplayCache } from "./ReplayCache.ts";

/** How far a request's timestamp may be from our clock (LAN machines and phones drift). */
export const clockWindowMs = 5 * 60 * 1000;

export const signatureHeaders = {
    node: "x-swarm-node",
    timestamp: "x-swarm-timestamp",
    nonce: "x-swarm-nonce",
    signature: "x-swarm-signature"
} as const;

export const minSecretLength = 16;

const noncePattern = /^[0-9a-f]{32}$/;
const signaturePattern = /^[0-9a-f]{64}$/;

function sha256(body: Uint8Array): string {
    return crypto.createHash("sha256").update(body).digest("hex");
}

function equalHex(expected: string, given: string): boolean {
    if (!signaturePattern.test(given)) return false;
    return crypto.timingSafeEqual(Buffer.from(expected, "hex"), Buffer.from(given, "hex"));
}

export interface SignedRequest {
    readonly headers: Record<string, string>;
    /** Binds the peer's signed response to this request. */
    readonly nonce: string;
}

/**
 * The swarm secret, turned into one HMAC-SHA256 key per purpose (requests, responses, mDNS
 * announcements), so a signature made for one purpose never passes as another.
 * A request signs: method, path, timestamp, nonce, sender id and the body's sha256.
 * A response signs: the request's nonce, the status and the body's sha256.
 */
export class SwarmKey {
    readonly #request: Buffer;
    readonly #response: Buffer;
    readonly #announce: Buffer;

    /** A new random swarm secret (32 URL-safe characters), e.g. for the setup wizard to show once. */
    static generateSecret(): string {
        return crypto.randomBytes(24).toString("base64url");
    }

    constructor(secret: string) {
        if (secret.length < minSecretLength)
            throw new ConfigError(`the swarm secret must be at least ${minSecretLength} characters (got ${secret.length})`, { param: "swarmSecret" });
        const derive = (purpose: string) => crypto.createHmac("sha256", secret).update(`local-swarm/v1/${purpose}`).digest();
        this.#request = derive("request");
        this.#response = derive("response");
        this.#announce = derive("announce");
    }

    signRequest(method: string, path: string, body: Uint8Array, node: string, now = Date.now()): SignedRequest {
        const timestamp = String(now);
        const nonce = crypto.randomBytes(16).toString("hex");
        const signature = this.#mac(this.#request, ["request", method.toUpperCase(), path, timestamp, nonce, node, sha256(body)]);
        return {
            nonce,
            headers: {
                [signatureHeaders.node]: node,
                [signatureHeaders.timestamp]: timestamp,
                [signatureHeaders.nonce]: nonce,
                [signatureHeaders.signature]: signature
            }
        };
    }

    /**
     * Checks a request's signature, age and nonce; returns the sender's node id and the nonce
     * (to sign the response with). Throws PeerAuthError saying what was wrong.
     */
    verifyRequest(method: string, path: string, headers: Headers, body: Uint8Array, replays: ReplayCache, now = Date.now()): { node: string; nonce: string } {
        const node = headers.get(signatureHeaders.node) ?? "";
        const timestamp = headers.get(signatureHeaders.timestamp) ?? "";
        const nonce = headers.get(signatureHeaders.nonce) ?? "";
        const signature = headers.get(signatureHeaders.signature) ?? "";
        if (!nodeIdPattern.test(node) || !/^[0-9]{1,16}$/.test(timestamp) || !noncePattern.test(nonce) || signature === "")
            throw new PeerAuthError("federation request is not signed (missing or malformed x-swarm-* headers)");
        const expected = this.#mac(this.#request, ["request", method.toUpperCase(), path, timestamp, nonce, node, sha256(body)]);
        if (!equalHex(expected, signature)) throw new PeerAuthError("federation request signature does not match: the sender does not hold this swarm's secret");
        const sent = Number(timestamp);
        if (Math.abs(now - sent) > clockWindowMs)
            throw new PeerAuthError(`federation request timestamp is ${Math.round((now - sent) / 1000)} s off this node's clock (window ±${clockWindowMs / 1000} s)`);
        if (!replays.remember(nonce, sent + clockWindowMs, now)) throw new PeerAuthError("federation request was replayed (nonce already seen)");
        return { node, nonce };
    }

    signResponse(requestNonce: string, status: number, body: Uint8Array): string {
        return this.#mac(this.#response, ["response", requestNonce, String(status), sha256(body)]);
    }

    verifyResponse(requestNonce: string, status: number, body: Uint8Array, signature: string | null): void {
        const expected = this.signResponse(requestNonce, status, body);
        if (signature == null || !equalHex(expected, signature))
            throw new PeerAuthError("peer response is not signed with this swarm's secret");
    }

    /** Proof, put in the mDNS TXT record, that the announcer holds the secret. */
    announceProof(node: string, boot: string, port: number): string {
        return this.#mac(this.#announce, ["announce", node, boot, String(port)]);
    }

    checkAnnounceProof(node: string, boot: string, port: number, proof: string): boolean {
        return equalHex(this.announceProof(node, boot, port), proof);
    }

    #mac(key: Buffer, fields: readonly string[]): string {
        return crypto.createHmac("sha256", key).update(fields.join("\n")).digest("hex");
    }
}
