import { afterAll, beforeAll, expect, test } from "bun:test";
import { userPaths } from "../src/config/index.ts";
import { FederationHandler, NodeIdentity, SwarmKey } from "../src/federation/index.ts";
import { silentLogger } from "../src/log.ts";
import { healthyPeers } from "./support/healthyPeers.ts";
import { TempFolders } from "./support/TempFolders.ts";
import { startTestServer, type TestServer } from "./support/testServer.ts";

/**
 * A streamed federated answer on loopback: a real node and two scripted peers whose answer the test
 * sets, so either this node's own vote or a peer's wins the global vote.
 */
const secret = "loopback federation stream test secret";
const folders = new TempFolders("fedstream");
let node: TestServer;
const peers: ReturnType<typeof Bun.serve>[] = [];
/** What both scripted peers answer: the same text wins over this node's; an empty one loses to it. */
let peerText = "";

beforeAll(async () => {
    for (let index = 0; index < 2; index++) {
        const identity = NodeIdentity.load(folders.make());
        const handler = new FederationHandler({
            key: new SwarmKey(secret),
            hello: () => ({ protocol: 1, id: identity.id, boot: identity.boot, model: "stories260K", workers: 4, capabilities: ["generate"], mdns: false }),
            vote: async () => ({
                node: identity.id, model: "stories260K", workers: 4, worker: "w0", text: peerText, temperature: 0.7, seed: 1, finishReason: "stop",
                tokens: 20, promptTokens: 5, latencyMs: 5, strategy: "similarity", agreement: 1, confidence: 1, candidates: []
            }),
            logger: silentLogger
        });
        peers.push(Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (request) => handler.handle(request) }));
    }
    node = await startTestServer(
        { swarmSecret: secret, mdns: false, heartbeatInterval: 0.2, workers: 2, peer: peers.map((peer) => `127.0.0.1:${peer.port}`) },
        { ...userPaths(), dataDir: folders.make() }
    );
    await healthyPeers(node, 2);
}, 60_000);

afterAll(async () => {
    await node?.dispose();
    for (const peer of peers) peer.stop(true);
    folders.dispose();
});

interface Streamed {
    readonly deltas: string[];
    readonly swarm: { winner: string; candidates: { worker: string; text: string }[]; nodes: { node: string; self: boolean; won: boolean; tokens: number }[] };
}

async function streamed(): Promise<Streamed> {
    const stream = await node.client.chat.completions.create({ model: "stories260K", messages: [{ role: "user", content: "Once upon a time" }], max_tokens: 24, seed: 4, stream: true });
    const deltas: string[] = [];
    let swarm: Streamed["swarm"] | undefined;
    for await (const chunk of stream) {
        const content = chunk.choices[0]?.delta.content;
        if (content != null && content !== "") deltas.push(content);
        swarm ??= (chunk as unknown as { swarm?: Streamed["swarm"] }).swarm;
    }
    return { deltas, swarm: swarm! };
}

test("a peer's winning answer streams in word-sized pieces that add up to it exactly", async () => {
    peerText = "Once upon a time,  there was a little girl named Lily.\nShe loved\tto play outside. ";
    const { deltas, swarm } = await streamed();
    const winner = swarm.nodes.find((entry) => entry.won)!;
    expect(winner.self).toBe(false);
    expect(swarm.candidates.find((candidate) => candidate.worker === swarm.winner)!.text).toBe(peerText);
    expect(deltas.join("")).toBe(peerText);
    expect(deltas).toEqual([
        "Once", " upon", " a", " time,", "  there", " was", " a", " little", " girl", " named", " Lily.", "\nShe", " loved", "\tto", " play", " outside.", " "
    ]);
}, 60_000);

test("this node's own winning answer streams as its local winner wrote it, token by token", async () => {
    peerText = "";
    const { deltas, swarm } = await streamed();
    const self = swarm.nodes.find((entry) => entry.self)!;
    expect(self.won).toBe(true);
    const text = swarm.candidates.find((candidate) => candidate.worker === self.node)!.text;
    expect(deltas.join("")).toBe(text);
    expect(deltas).toHaveLength(self.tokens);
}, 60_000);
