import { afterEach, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EngineError } from "../errors.ts";
import { FederationHandler } from "./FederationHandler.ts";
import { createLogger, silentLogger } from "../log.ts";
import { NodeIdentity } from "./NodeIdentity.ts";
import { PeerClient } from "./PeerClient.ts";
import { PeerRegistry } from "./PeerRegistry.ts";
import { SwarmKey } from "./SwarmKey.ts";

const secret = "a swarm secret for the tests";
const cleanups: (() => void)[] = [];
afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function identity(): NodeIdentity {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-registry-"));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return NodeIdentity.load(dir);
}

/** A real peer: the signed federation routes on a loopback port, restartable on the same port. */
function peerNode(nodeSecret = secret, node = identity()) {
    const handler = new FederationHandler({
        key: new SwarmKey(nodeSecret),
        hello: () => ({ protocol: 1, id: node.id, boot: node.boot, model: "stories", workers: 2, capabilities: ["generate"], mdns: false }),
        vote: async () => {
            throw new EngineError("not used here");
        },
        logger: silentLogger
    });
    let server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (req) => handler.handle(req) });
    const port = server.port;
    cleanups.push(() => server.stop(true));
    return {
        node,
        url: `http://127.0.0.1:${port}`,
        stop: () => server.stop(true),
        restart: () => {
            server = Bun.serve({ hostname: "127.0.0.1", port, fetch: (req) => handler.handle(req) });
        }
    };
}

function registry(self = identity()) {
    const lines: string[] = [];
    const logger = createLogger("info", (line) => lines.push(line));
    const client = new PeerClient(new SwarmKey(secret), self);
    const peers = new PeerRegistry({
        identity: self,
        hello: (url, timeoutMs) => client.hello(url, timeoutMs),
        heartbeatIntervalMs: 100,
        logger,
        onIdentityChanged: () => lines.push("identity changed")
    });
    cleanups.push(() => peers.dispose());
    peers.start();
    return { peers, lines, self };
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
        await Bun.sleep(25);
    }
}

describe("PeerRegistry", () => {
    test("a peer that stops answering leaves within a bounded time and comes back when it answers", async () => {
        const peer = peerNode();
        const { peers, lines } = registry();
        peers.addStatic(peer.url);
        await until(() => peers.voters().length === 1, "the peer is healthy");
        expect(peers.voters()[0]).toMatchObject({ id: peer.node.id, url: peer.url, workers: 2 });
        const snapshot = peers.snapshot()[0]!;
        expect(snapshot.latencyMs).toBeGreaterThan(0);
        expect(snapshot.lastSeen).not.toBeNull();

        peer.stop();
        const stoppedAt = Date.now();
        await until(() => peers.snapshot()[0]?.health === "down", "the peer is down");
        // Two missed heartbeats at 100 ms plus their connection errors; generous for a busy machine.
        expect(Date.now() - stoppedAt).toBeLessThan(5_000);
        expect(peers.voters()).toEqual([]);

        peer.restart();
        await until(() => peers.voters().length === 1, "the peer is back");
        expect(lines.join("\n")).toMatch(/joined the swarm[\s\S]*left the swarm[\s\S]*joined the swarm/);
    });

    test("a peer with another secret never votes and is logged", async () => {
        const stranger = peerNode("the secret of another swarm");
        const { peers, lines } = registry();
        peers.addStatic(stranger.url);
        await until(() => peers.snapshot()[0]?.health === "down", "the stranger is marked down");
        expect(peers.voters()).toEqual([]);
        expect(lines.join("\n")).toMatch(/refuses this node's requests: .*does not hold this swarm's secret; it will not be used/);
    });

    test("a static peer that is this node is dropped; one found twice is one peer", async () => {
        const self = identity();
        const me = peerNode(secret, self);
        const other = peerNode();
        const { peers, lines } = registry(self);
        peers.addStatic(me.url);
        peers.addStatic(other.url);
        peers.discovered(other.node.id, other.url);
        await until(() => peers.voters().length === 1 && peers.snapshot().length === 1, "one peer left");
        expect(peers.snapshot()[0]).toMatchObject({ id: other.node.id, sources: ["mdns", "static"] });
        expect(lines.join("\n")).toMatch(/is this node itself/);
    });

    test("a peer with our id from another process (a copied data dir) makes us regenerate when our boot token is greater", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-clash-"));
        cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
        const first = NodeIdentity.load(dir);
        let clone = NodeIdentity.load(dir);
        while (clone.boot > first.boot) clone = NodeIdentity.load(dir);
        const twin = peerNode(secret, clone);
        const { peers, lines } = registry(first);
        const copied = first.id;
        peers.addStatic(twin.url);
        await until(() => peers.voters().length === 1, "the twin votes under its own id");
        expect(first.id).not.toBe(copied);
        expect(clone.id).toBe(copied);
        expect(lines).toContain("identity changed");
        expect(lines.join("\n")).toMatch(/has this node's id/);
    });

    test("votes update the peer's metrics; a failed vote counts as a missed heartbeat", async () => {
        const peer = peerNode();
        const { peers } = registry();
        peers.addStatic(peer.url);
        await until(() => peers.voters().length === 1, "the peer is healthy");
        const key = peers.voters()[0]!.key;
        peers.recordVote(key, { ok: true, latencyMs: 100, won: true, agreed: true });
        peers.recordVote(key, { ok: true, latencyMs: 300, won: false, agreed: true });
        peers.recordVote(key, { ok: false, latencyMs: 50, won: false, agreed: false, error: "connection reset" });
        expect(peers.snapshot()[0]!.metrics).toEqual({ requests: 3, failures: 1, wins: 1, agreements: 2, meanLatencyMs: 200 });
    });
});
