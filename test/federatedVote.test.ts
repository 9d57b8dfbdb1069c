import { afterAll, beforeAll, expect, test } from "bun:test";
import path from "node:path";
import { userPaths } from "../src/config/index.ts";
import { readEvents } from "../src/dashboard/client/readEvents.ts";
import type { DashboardMessage, RequestView } from "../src/dashboard/index.ts";
import { FederationHandler, NodeIdentity, SwarmKey } from "../src/federation/index.ts";
import { silentLogger } from "../src/log.ts";
import { healthyPeers } from "./support/healthyPeers.ts";
import { TempFolders } from "./support/TempFolders.ts";
import { startTestServer, type TestServer } from "./support/testServer.ts";

/**
 * The federated vote on loopback, with static peers and no mDNS: a real node that asks a real
 * peer and a peer that accepts the request but never answers (hung, or on a dead link).
 */
const secret = "loopback federation test secret";
const folders = new TempFolders("fedvote");
let peer: TestServer;
let node: TestServer;
let hung: ReturnType<typeof Bun.serve>;

beforeAll(async () => {
    const hungIdentity = NodeIdentity.load(folders.make());
    const handler = new FederationHandler({
        key: new SwarmKey(secret),
        hello: () => ({ protocol: 1, id: hungIdentity.id, boot: hungIdentity.boot, model: "stories260K", workers: 8, capabilities: ["generate"], mdns: false }),
        vote: () => new Promise(() => {}),
        logger: silentLogger
    });
    hung = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (request) => handler.handle(request) });
    const federated = { swarmSecret: secret, mdns: false, heartbeatInterval: 0.2, workers: 2 };
    peer = await startTestServer(federated, { ...userPaths(), dataDir: folders.make() });
    node = await startTestServer({ ...federated, peer: [`127.0.0.1:${peer.port}`, `127.0.0.1:${hung.port}`], peerDeadline: 2 }, { ...userPaths(), dataDir: folders.make() });
}, 60_000);

afterAll(async () => {
    await node?.dispose();
    await peer?.dispose();
    hung?.stop(true);
    folders.dispose();
});

test("a peer that does not answer is dropped at its deadline and never blocks the answer", async () => {
    await healthyPeers(node, 2);
    const started = Date.now();
    const completion = await node.client.chat.completions.create({ model: "stories260K", messages: [{ role: "user", content: "Once upon a time" }], max_tokens: 16 });
    const elapsed = Date.now() - started;
    const nodes = (completion as unknown as { swarm: { nodes: { url: string | null; error: string | null; self: boolean }[] } }).swarm.nodes;
    expect(elapsed).toBeGreaterThanOrEqual(1_900);
    expect(elapsed).toBeLessThan(15_000);
    expect(nodes).toHaveLength(3);
    const late = nodes.find((entry) => entry.url === `http://127.0.0.1:${hung.port}`)!;
    expect(late.error).toMatch(/did not answer within 2000 ms/);
    expect(nodes.filter((entry) => entry.error == null).map((entry) => entry.self).sort()).toEqual([false, true]);

    const report = (await (await fetch(`${node.url}/v1/swarm/peers`)).json()) as { peers: { url: string; metrics: { requests: number; failures: number } }[] };
    expect(report.peers.find((entry) => entry.url === `http://127.0.0.1:${hung.port}`)!.metrics).toMatchObject({ requests: 1, failures: 1 });
    expect(report.peers.find((entry) => entry.url === `http://127.0.0.1:${peer.port}`)!.metrics).toMatchObject({ requests: 1, failures: 0 });
}, 60_000);

test("the dashboard's card of a federated request shows the global vote beside the local one", async () => {
    const feed = new AbortController();
    const response = await fetch(`${node.url}/v1/swarm/events`, { signal: feed.signal });
    const events = readEvents(response.body!);
    const completion = await node.client.chat.completions.create({ model: "stories260K", messages: [{ role: "user", content: "The little cat" }], max_tokens: 12 });
    const swarm = (completion as unknown as { swarm: { winner: string; strategy: string; agreement: number; candidates: { worker: string; text: string }[] } }).swarm;
    let card: RequestView | undefined;
    for await (const event of events) {
        const message = JSON.parse(event.data) as DashboardMessage;
        if (message.type === "request" && message.request.prompt === "The little cat" && message.request.federation != null) {
            card = message.request;
            break;
        }
    }
    feed.abort();
    const { federation, candidates, decision } = card!;
    expect(federation).toMatchObject({ winner: swarm.winner, strategy: swarm.strategy, agreement: swarm.agreement });
    expect(federation!.nodes).toHaveLength(3);
    for (const entry of federation!.nodes.filter((entry) => entry.error == null)) {
        expect(entry.text).toBe(swarm.candidates.find((candidate) => candidate.worker === entry.node)!.text);
        expect(entry.score).not.toBeNull();
        expect(entry.won).toBe(entry.node === swarm.winner);
    }
    expect(federation!.nodes.find((entry) => entry.error != null)!.error).toMatch(/did not answer within 2000 ms/);
    expect(completion.choices[0]!.message.content).toBe(federation!.nodes.find((entry) => entry.won)!.text);
    // The local vote stays: this node's own workers, and its winner is what this node voted for.
    expect(candidates.map((candidate) => candidate.worker)).toEqual(["w0", "w1"]);
    const self = federation!.nodes.find((entry) => entry.self)!;
    expect(candidates.find((candidate) => candidate.worker === decision!.winner)!.text).toBe(self.text);
}, 60_000);

test("with federateBelow a node that is sure of its own vote does not ask the peers", async () => {
    const sure = await startTestServer(
        { swarmSecret: secret, mdns: false, heartbeatInterval: 0.2, workers: 2, peer: [`127.0.0.1:${peer.port}`], federateBelow: 0 },
        { ...userPaths(), dataDir: folders.make() }
    );
    try {
        for (let tries = 0; ; tries++) {
            const report = (await (await fetch(`${sure.url}/v1/swarm/peers`)).json()) as { peers: { health: string }[] };
            if (report.peers[0]?.health === "healthy") break;
            if (tries > 100) throw new Error("the peer never became healthy");
            await Bun.sleep(100);
        }
        const completion = await sure.client.chat.completions.create({ model: "stories260K", messages: [{ role: "user", content: "Once upon a time" }], max_tokens: 8 });
        const swarm = (completion as unknown as { swarm: { nodes?: unknown; candidates: { worker: string }[] } }).swarm;
        expect(swarm.nodes).toBeUndefined();
        expect(swarm.candidates.map((candidate) => candidate.worker)).toEqual(["w0", "w1"]);
        const report = (await (await fetch(`${sure.url}/v1/swarm/peers`)).json()) as { peers: { metrics: { requests: number } }[] };
        expect(report.peers[0]!.metrics.requests).toBe(0);
    } finally {
        await sure.dispose();
    }
}, 60_000);

test("without a swarm secret the node runs alone and says why", async () => {
    const alone = await startTestServer({ workers: 1 });
    try {
        const peersRoute = await fetch(`${alone.url}/v1/swarm/peers`);
        expect(peersRoute.status).toBe(404);
        expect(await peersRoute.json()).toMatchObject({ error: { code: "federation_off", message: expect.stringMatching(/does not federate: no swarm secret is set/) } });
        const peerRoute = await fetch(`${alone.url}/federation/v1/hello`);
        expect(peerRoute.status).toBe(404);
        // Asynchronously: the server runs in this process.
        const cli = Bun.spawn([process.execPath, "src/cli/main.ts", "peers", "--port", String(alone.port)], {
            cwd: path.resolve(import.meta.dir, ".."),
            env: { PATH: process.env.PATH ?? "", HOME: folders.make(), LOCAL_SWARM_CONFIG: path.join(folders.make(), "none.json") },
            stdout: "pipe"
        });
        expect(await cli.exited).toBe(0);
        expect(await new Response(cli.stdout).text()).toMatch(/^this node does not federate: no swarm secret is set/);
    } finally {
        await alone.dispose();
    }
}, 60_000);
