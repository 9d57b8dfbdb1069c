import { describe, expect, test } from "bun:test";
import { ConfigError, PeerAuthError } from "../errors.ts";
import { ReplayCache } from "./ReplayCache.ts";
import { anyNode, clockWindowMs, SwarmKey } from "./SwarmKey.ts";

const secret = "correct horse battery staple";
const node = "0123456789abcdef";
const receiver = "00112233445566ff";
const body = new TextEncoder().encode('{"hello":1}');

function verify(
    key: SwarmKey,
    headers: Record<string, string>,
    overrides: { method?: string; path?: string; receiver?: string; acceptAnyTarget?: boolean; now?: number; replays?: ReplayCache } = {}
) {
    return key.verifyRequest(
        {
            method: overrides.method ?? "POST",
            path: overrides.path ?? "/federation/v1/generate",
            headers: new Headers(headers),
            receiver: overrides.receiver ?? receiver,
            acceptAnyTarget: overrides.acceptAnyTarget ?? false
        },
        overrides.replays ?? new ReplayCache(),
        overrides.now
    );
}

describe("SwarmKey", () => {
    test("a signed request verifies from its headers alone and tells who sent it to whom", () => {
        const key = new SwarmKey(secret);
        const signed = key.signRequest("POST", "/federation/v1/generate", body, node, receiver);
        const verified = verify(key, signed.headers);
        expect(verified).toMatchObject({ node, target: receiver, nonce: signed.nonce });
        expect(() => key.checkBody(verified, body)).not.toThrow();
        expect(() => key.checkBody(verified, new TextEncoder().encode('{"hello":2}'))).toThrow(/does not match its signed sha256/);
    });

    test("another secret, method, path, body hash, sender or receiver fails", () => {
        const key = new SwarmKey(secret);
        const signed = key.signRequest("POST", "/federation/v1/generate", body, node, receiver);
        expect(() => verify(new SwarmKey("another secret of the same kind"), signed.headers)).toThrow(PeerAuthError);
        expect(() => verify(key, signed.headers, { method: "GET" })).toThrow(/does not match/);
        expect(() => verify(key, signed.headers, { path: "/federation/v1/hello" })).toThrow(/does not match/);
        expect(() => verify(key, { ...signed.headers, "x-swarm-body-sha256": "0".repeat(64) })).toThrow(/does not match/);
        expect(() => verify(key, { ...signed.headers, "x-swarm-node": "fedcba9876543210" })).toThrow(/does not match/);
        expect(() => verify(key, { ...signed.headers, "x-swarm-target": "fedcba9876543210" })).toThrow(/does not match/);
    });

    test("a request signed for one node is refused by another, and only a hello may be addressed to any node", () => {
        const key = new SwarmKey(secret);
        const signed = key.signRequest("POST", "/federation/v1/generate", body, node, receiver);
        expect(() => verify(key, signed.headers, { receiver: "fedcba9876543210" })).toThrow(/addressed to node 00112233445566ff, not to this node \(fedcba9876543210\)/);
        const anyone = key.signRequest("GET", "/federation/v1/hello", new Uint8Array(0), node, anyNode);
        expect(() => verify(key, anyone.headers, { method: "GET", path: "/federation/v1/hello" })).toThrow(/addressed to node any/);
        expect(verify(key, anyone.headers, { method: "GET", path: "/federation/v1/hello", acceptAnyTarget: true }).target).toBe(anyNode);
    });

    test("missing headers, v1 signatures, stale timestamps and replays are refused", () => {
        const key = new SwarmKey(secret);
        expect(() => verify(key, {})).toThrow(/not signed/);
        const signed = key.signRequest("POST", "/federation/v1/generate", body, node, receiver);
        const { "x-swarm-target": _target, "x-swarm-body-sha256": _hash, ...v1 } = signed.headers;
        expect(() => verify(key, v1)).toThrow(/v1 signature .* update every node/);
        const old = key.signRequest("POST", "/federation/v1/generate", body, node, receiver, Date.now() - clockWindowMs - 1000);
        expect(() => verify(key, old.headers)).toThrow(/off this node's clock/);
        const replays = new ReplayCache();
        verify(key, signed.headers, { replays });
        expect(() => verify(key, signed.headers, { replays })).toThrow(/replayed/);
    });

    test("responses are bound to the request's nonce", () => {
        const key = new SwarmKey(secret);
        const signature = key.signResponse("a".repeat(32), 200, body);
        expect(() => key.verifyResponse("a".repeat(32), 200, body, signature)).not.toThrow();
        expect(() => key.verifyResponse("b".repeat(32), 200, body, signature)).toThrow(PeerAuthError);
        expect(() => key.verifyResponse("a".repeat(32), 500, body, signature)).toThrow(PeerAuthError);
        expect(() => key.verifyResponse("a".repeat(32), 200, body, null)).toThrow(PeerAuthError);
    });

    test("announcement proofs check id, boot and port", () => {
        const key = new SwarmKey(secret);
        const proof = key.announceProof(node, "boot1", 8000);
        expect(key.checkAnnounceProof(node, "boot1", 8000, proof)).toBe(true);
        expect(key.checkAnnounceProof(node, "boot1", 8001, proof)).toBe(false);
        expect(key.checkAnnounceProof(node, "boot1", 8000, "nonsense")).toBe(false);
        expect(new SwarmKey("another secret of the same kind").checkAnnounceProof(node, "boot1", 8000, proof)).toBe(false);
    });

    test("generated secrets are long enough and different every time", () => {
        const first = SwarmKey.generateSecret();
        expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
        expect(SwarmKey.generateSecret()).not.toBe(first);
        expect(() => new SwarmKey(first)).not.toThrow();
    });

    test("a short secret is a config error", () => {
        expect(() => new SwarmKey("short")).toThrow(ConfigError);
    });
});
