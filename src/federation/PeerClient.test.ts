import { afterEach, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EngineError, PeerError } from "../errors.ts";
import { FederationHandler } from "./FederationHandler.ts";
import { createLogger } from "../log.ts";
import { NodeIdentity } from "./NodeIdentity.ts";
import { PeerClient } from "./PeerClient.ts";
import { federationPaths, type GenerateRequestBody, type NodeVote } from "./protocol.ts";
import { SwarmKey } from "./SwarmKey.ts";

const secret = "a swarm secret for the tests";
const request: GenerateRequestBody = { messages: [{ role: "user", content: "Once upon a time" }], params: { maxTokens: 8 } };
const cleanups: (() => void)[] = [];
afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
});

function identity(): NodeIdentity {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-peer-"));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return NodeIdentity.load(dir);
}

function serve(vote: (request: GenerateRequestBody, signal: AbortSignal) => Promise<NodeVote>) {
    const node = identity();
    const warnings: string[] = [];
    const logger = createLogger("warn", (line) => warnings.push(line));
    const handler = new FederationHandler({
        key: new SwarmKey(secret),
        hello: () => ({ protocol: 1, id: node.id, boot: node.boot, model: "stories", workers: 2, capabilities: ["generate"], mdns: false }),
        vote,
        logger
    });
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (req, srv) => handler.handle(req, srv.requestIP(req)?.address) });
    cleanups.push(() => server.stop(true));
    return { url: `http://127.0.0.1:${server.port}`, node, warnings };
}

function vote(node: string, text: string): NodeVote {
    return {
        node, model: "stories", workers: 2, worker: "w0", text, temperature: 0.7, seed: 42, finishReason: "stop", tokens: 3, promptTokens: 5, latencyMs: 12,
        strategy: "similarity", agreement: 1, confidence: 0.9,
        candidates: [{ worker: "w0", tokens: 3, latencyMs: 12, finishReason: "stop", score: 1 }]
    };
}

describe("PeerClient and FederationHandler", () => {
    test("hello and generate round-trip with signatures both ways", async () => {
        const peer = serve(async (received) => vote("0123456789abcdef", `echo: ${received.messages[0]!.content}`));
        const client = new PeerClient(new SwarmKey(secret), identity());
        const hello = await client.hello(peer.url, 5_000);
        expect(hello.id).toBe(peer.node.id);
        expect(hello.workers).toBe(2);
        const answer = await client.generate(peer.url, peer.node.id, request, 5_000);
        expect(answer.text).toBe("echo: Once upon a time");
        expect(peer.warnings).toEqual([]);
    });

    test("a node with another secret is refused, and the refusal is logged", async () => {
        const peer = serve(async () => vote("0123456789abcdef", "never"));
        const stranger = new PeerClient(new SwarmKey("not the swarm's secret at all"), identity());
        const error = await stranger.generate(peer.url, peer.node.id, request, 5_000).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(PeerError);
        expect((error as PeerError).code).toBe("peer_rejected");
        expect((error as PeerError).message).toMatch(/refuses this node's requests: .*does not hold this swarm's secret/);
        expect(peer.warnings.join("\n")).toMatch(/rejected a federation request from 127\.0\.0\.1: .*does not hold this swarm's secret/);
    });

    test("unsigned requests, bodies other than the signed one, non-JSON and oversized bodies never reach the vote", async () => {
        let votes = 0;
        const peer = serve(async () => {
            votes++;
            return vote("0123456789abcdef", "x");
        });
        const unsigned = await fetch(`${peer.url}${federationPaths.generate}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });
        expect(unsigned.status).toBe(401);
        const key = new SwarmKey(secret);
        const sender = identity();
        const send = (body: Uint8Array<ArrayBuffer>, contentType: string, signed = body) =>
            fetch(`${peer.url}${federationPaths.generate}`, {
                method: "POST",
                headers: { ...key.signRequest("POST", federationPaths.generate, signed, sender.id, peer.node.id).headers, "content-type": contentType },
                body
            });
        const swapped = await send(new TextEncoder().encode(JSON.stringify(request)), "application/json", new TextEncoder().encode("{}"));
        expect(swapped.status).toBe(401);
        expect(await swapped.json()).toMatchObject({ error: { message: "federation request body does not match its signed sha256" } });
        expect((await send(new TextEncoder().encode("<xml/>"), "application/xml")).status).toBe(400);
        expect((await send(new TextEncoder().encode('{"messages":"rm -rf /"}'), "application/json")).status).toBe(400);
        expect((await send(new Uint8Array(5 * 1024 * 1024), "application/json")).status).toBe(413);
        expect(votes).toBe(0);
    });

    test("a peer's failure and a dead peer come back as typed errors", async () => {
        const peer = serve(async () => {
            throw new EngineError("the model crashed");
        });
        const client = new PeerClient(new SwarmKey(secret), identity());
        const failed = await client.generate(peer.url, peer.node.id, request, 5_000).catch((caught: unknown) => caught);
        expect((failed as PeerError).code).toBe("peer_failed");
        expect((failed as PeerError).message).toMatch(/the model crashed/);
        const dead = await client.hello("http://127.0.0.1:9", 2_000).catch((caught: unknown) => caught);
        expect((dead as PeerError).code).toBe("peer_unreachable");
    });

    test("a slow peer times out", async () => {
        const peer = serve(() => new Promise(() => {}));
        const client = new PeerClient(new SwarmKey(secret), identity());
        const slow = await client.generate(peer.url, peer.node.id, request, 300).catch((caught: unknown) => caught);
        expect((slow as PeerError).code).toBe("peer_timeout");
    });
});
