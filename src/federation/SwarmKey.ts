import crypto from "node:crypto";
import { ConfigError, PeerAuthError } from "../errors.ts";
import { nodeIdPattern } from "./protocol.ts";
import type { ReplayCache } from "./ReplayCache.ts";

/** How far a request's timestamp may be from our clock (LAN machines and phones drift). */
export const clockWindowMs = 5 * 60 * 1000;

export const signatureHeaders = {
    node: "x-swarm-node",
    target: "x-swarm-target",
    timestamp: "x-swarm-timestamp",
    nonce: "x-swarm-nonce",
    bodySha256: "x-swarm-body-sha256",
    signature: "x-swarm-signature"
} as const;

/**
 * The target of a request its sender may address to whichever node answers: only the heartbeat
 * (`hello`) uses it, because a static peer's id is unknown until it first answers and a node may
 * take a new id after a clash; a hello returns only what mDNS announces anyway.
 */
export const anyNode = "any";

/** The first field of every request signature; v1 signatures named no target and no body hash header. */
const requestSignatureVersion = "request/v2";

export const minSecretLength = 16;

const noncePattern = /^[0-9a-f]{32}$/;
/** A SHA-256 digest or HMAC-SHA256 signature in hex. */
const digestPattern = /^[0-9a-f]{64}$/;

function sha256(body: Uint8Array): string {
    return crypto.createHash("sha256").update(body).digest("hex");
}

function equalHex(expected: string, given: string): boolean {
    if (!digestPattern.test(given)) return false;
    return crypto.timingSafeEqual(Buffer.from(expected, "hex"), Buffer.from(given, "hex"));
}

export interface SignedRequest {
    readonly headers: Record<string, string>;
    /** Binds the peer's signed response to this request. */
    readonly nonce: string;
}

/** A request whose signed headers checked out; its body must still hash to `bodySha256`. */
export interface VerifiedRequest {
    readonly node: string;
    readonly target: string;
    readonly nonce: string;
    readonly bodySha256: string;
}

export interface RequestToVerify {
    readonly method: string;
    readonly path: string;
    readonly headers: Headers;
    /** This node's id: a request addressed to another node is refused. */
    readonly receiver: string;
    /** Whether this route also takes requests addressed to `anyNode`. */
    readonly acceptAnyTarget: boolean;
}

/**
 * The swarm secret, turned into one HMAC-SHA256 key per purpose (requests, responses, mDNS
 * announcements), so a signature made for one purpose never passes as another.
 * A request signs (signature v2): method, path, timestamp, nonce, sender id, receiver id and the
 * body's sha256, which travels in a header so the receiver checks the signature before it reads
 * a single body byte. A response signs: the request's nonce, the status and the body's sha256.
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

    /** Signs a request from node `from` to node `to` (a node id, or `anyNode` for a hello). */
    signRequest(method: string, path: string, body: Uint8Array, from: string, to: string, now = Date.now()): SignedRequest {
        const timestamp = String(now);
        const nonce = crypto.randomBytes(16).toString("hex");
        const bodySha256 = sha256(body);
        const signature = this.#mac(this.#request, [requestSignatureVersion, method.toUpperCase(), path, timestamp, nonce, from, to, bodySha256]);
        return {
            nonce,
            headers: {
                [signatureHeaders.node]: from,
                [signatureHeaders.target]: to,
                [signatureHeaders.timestamp]: timestamp,
                [signatureHeaders.nonce]: nonce,
                [signatureHeaders.bodySha256]: bodySha256,
                [signatureHeaders.signature]: signature
            }
        };
    }

    /**
     * Checks a request's signed headers (before its body is read): shape, signature, age, receiver
     * and nonce. Throws PeerAuthError saying what was wrong; the caller then checks the body
     * against `bodySha256` with `checkBody`.
     */
    verifyRequest(request: RequestToVerify, replays: ReplayCache, now = Date.now()): VerifiedRequest {
        const header = (name: string) => request.headers.get(name) ?? "";
        const node = header(signatureHeaders.node);
        const target = header(signatureHeaders.target);
        const timestamp = header(signatureHeaders.timestamp);
        const nonce = header(signatureHeaders.nonce);
        const bodySha256 = header(signatureHeaders.bodySha256);
        const signature = header(signatureHeaders.signature);
        if (!nodeIdPattern.test(node) || !/^[0-9]{1,16}$/.test(timestamp) || !noncePattern.test(nonce) || !digestPattern.test(signature))
            throw new PeerAuthError("federation request is not signed (missing or malformed x-swarm-* headers)");
        if (!(nodeIdPattern.test(target) || target === anyNode) || !digestPattern.test(bodySha256))
            throw new PeerAuthError("federation request carries a v1 signature (no x-swarm-target or x-swarm-body-sha256); the sender runs an older local-swarm: update every node of the swarm");
        const expected = this.#mac(this.#request, [requestSignatureVersion, request.method.toUpperCase(), request.path, timestamp, nonce, node, target, bodySha256]);
        if (!equalHex(expected, signature)) throw new PeerAuthError("federation request signature does not match: the sender does not hold this swarm's secret");
        const sent = Number(timestamp);
        if (Math.abs(now - sent) > clockWindowMs)
            throw new PeerAuthError(`federation request timestamp is ${Math.round((now - sent) / 1000)} s off this node's clock (window ±${clockWindowMs / 1000} s)`);
        if (target !== request.receiver && !(target === anyNode && request.acceptAnyTarget))
            throw new PeerAuthError(`federation request is addressed to node ${target}, not to this node (${request.receiver})`);
        if (!replays.remember(nonce, sent + clockWindowMs, now)) throw new PeerAuthError("federation request was replayed (nonce already seen)");
        return { node, target, nonce, bodySha256 };
    }

    /** Checks that a verified request's body is the one its sender signed. */
    checkBody(verified: VerifiedRequest, body: Uint8Array): void {
        if (sha256(body) !== verified.bodySha256) throw new PeerAuthError("federation request body does not match its signed sha256");
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
