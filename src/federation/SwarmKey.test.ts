import { describe, expect, test } from "bun:test";
import { ConfigError, PeerAuthError } from "../errors.ts";
import { ReplayCache } from "./ReplayCache.ts";
import { clockWindowMs, SwarmKey } from "./SwarmKey.ts";

const secret = "correct horse battery staple";
const node = "0123456789abcdef";
const body = new TextEncoder().encode('{"hello":1}');

function verify(key: SwarmKey, headers: Record<string, string>, overrides: { method?: string; path?: string; body?: Uint8Array; now?: number; replays?: ReplayCache } = {}) {
    return key.verifyRequest(overrides.method ?? "POST", overrides.path ?? "/federation/v1/generate", new Headers(headers), overrides.body ?? body, overrides.replays ?? new ReplayCache(), overrides.now);
}

describe("SwarmKey", () => {
    test("a signed request verifies and tells who sent it", () => {
        const key = new SwarmKey(secret);
        const signed = key.signRequest("POST", "/federation/v1/generate", body, node);
        expect(verify(key, signed.headers)).toEqual({ node, nonce: signed.nonce });
    });

    test("another secret, another method, path or body fails", () => {
        const key = new SwarmKey(secret);
        const signed = key.signRequest("POST", "/federation/v1/generate", body, node);
        expect(() => verify(new SwarmKey("another secret of the same kind"), signed.headers)).toThrow(PeerAuthError);
        expect(() => verify(key, signed.headers, { method: "GET" })).toThrow(/does not match/);
        expect(() => verify(key, signed.headers, { path: "/federation/v1/hello" })).toThrow(/does not match/);
        expect(() => verify(key, signed.headers, { body: new TextEncoder().encode('{"hello":2}') })).toThrow(/does not match/);
        expect(() => verify(key, { ...signed.headers, "x-swarm-node": "fedcba9876543210" })).toThrow(/does not match/);
    });

    test("missing headers, stale timestamps and replays are refused", () => {
        const key = new SwarmKey(secret);
        expect(() => verify(key, {})).toThrow(/not signed/);
        const old = key.signRequest("POST", "/federation/v1/generate", body, node, Date.now() - clockWindowMs - 1000);
        expect(() => verify(key, old.headers)).toThrow(/off this node's clock/);
        const replays = new ReplayCache();
        const signed = key.signRequest("POST", "/federation/v1/generate", body, node);
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
