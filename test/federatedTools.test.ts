import { afterAll, beforeAll, expect, test } from "bun:test";
import type { ChatCompletionTool } from "openai/resources/chat/completions";
import { userPaths } from "../src/config/index.ts";
import { FederationHandler, NodeIdentity, SwarmKey } from "../src/federation/index.ts";
import { silentLogger } from "../src/log.ts";
import { validateJson, type JsonSchema } from "../src/tools/index.ts";
import { healthyPeers } from "./support/healthyPeers.ts";
import { TempFolders } from "./support/TempFolders.ts";
import { startTestServer, type TestServer } from "./support/testServer.ts";

/**
 * Tool calling across the federation on loopback: a node, a real peer (protocol 2) and a peer that
 * speaks protocol 1 only (no tools capability, no /federation/v2 route), as an older node does.
 */
const secret = "loopback federation tools test secret";
const folders = new TempFolders("fedtools");
let peer: TestServer;
let node: TestServer;
let older: ReturnType<typeof Bun.serve>;
const olderIdentity = NodeIdentity.load(folders.make());
const olderText = "Once upon a time there was an older node.";
let olderVotes = 0;

const weatherParameters: JsonSchema = {
    type: "object",
    properties: { city: { enum: ["Paris", "Oslo"] }, metric: { type: "boolean" } },
    required: ["city", "metric"],
    additionalProperties: false
};
const tools: ChatCompletionTool[] = [{ type: "function", function: { name: "get_weather", description: "Weather for a city", parameters: weatherParameters as Record<string, unknown> } }];

interface NodeExtension {
    node: string;
    url: string | null;
    self: boolean;
    error: string | null;
}

beforeAll(async () => {
    const handler = new FederationHandler({
        key: new SwarmKey(secret),
        hello: () => ({ protocol: 1, id: olderIdentity.id, boot: olderIdentity.boot, model: "older-model", workers: 2, capabilities: ["generate"], mdns: false }),
        vote: async () => {
            olderVotes++;
            return {
                node: olderIdentity.id, model: "older-model", workers: 2, worker: "w0", text: olderText, temperature: 0.7, seed: 1, finishReason: "stop",
                tokens: 9, promptTokens: 4, latencyMs: 5, strategy: "similarity", agreement: 1, confidence: 1, candidates: []
            };
        },
        logger: silentLogger
    });
    // A protocol 1 node has no /federation/v2 routes.
    older = Bun.serve({
        hostname: "127.0.0.1",
        port: 0,
        fetch: (request) => new URL(request.url).pathname.startsWith("/federation/v1/") ? handler.handle(request) : new Response("not found", { status: 404 })
    });
    const federated = { swarmSecret: secret, mdns: false, heartbeatInterval: 0.2, workers: 2 };
    peer = await startTestServer(federated, { ...userPaths(), dataDir: folders.make() });
    node = await startTestServer({ ...federated, peer: [`127.0.0.1:${peer.port}`, `127.0.0.1:${older.port}`], peerDeadline: 60 }, { ...userPaths(), dataDir: folders.make() });
    await healthyPeers(node, 2);
}, 60_000);

afterAll(async () => {
    await node?.dispose();
    await peer?.dispose();
    older?.stop(true);
    folders.dispose();
});

test("a tool-calling request is voted on by the nodes that speak protocol 2; the protocol 1 peer is skipped, and the answer says so", async () => {
    const completion = await node.client.chat.completions.create({
        model: "stories260K",
        messages: [{ role: "user", content: "What is the weather in Paris?" }],
        tools,
        tool_choice: { type: "function", function: { name: "get_weather" } },
        max_tokens: 60,
        seed: 3
    });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    const call = choice.message.tool_calls?.[0];
    if (call?.type !== "function") throw new Error("expected a function call");
    expect(call.function.name).toBe("get_weather");
    expect(validateJson(weatherParameters, JSON.parse(call.function.arguments))).toBeUndefined();

    const swarm = (completion as unknown as { swarm: { strategy: string; nodes: NodeExtension[]; candidates: { worker: string; tool_calls?: { name: string }[] }[] } }).swarm;
    expect(swarm.strategy).toBe("json");
    expect(swarm.nodes).toHaveLength(3);
    const skipped = swarm.nodes.find((entry) => entry.url === `http://127.0.0.1:${older.port}`)!;
    expect(skipped.error).toBe("skipped: it speaks federation protocol 1, which carries no tool calls");
    const answered = swarm.nodes.filter((entry) => entry.error == null);
    expect(answered.map((entry) => entry.self).sort()).toEqual([false, true]);
    // Both protocol 2 nodes ran the request with its tools: each proposed the call.
    expect(swarm.candidates).toHaveLength(2);
    expect(swarm.candidates.every((candidate) => candidate.tool_calls?.[0]?.name === "get_weather")).toBe(true);
    expect(olderVotes).toBe(0);

    // Skipping is not failing: the older peer stays healthy with no failed vote.
    const report = (await (await fetch(`${node.url}/v1/swarm/peers`)).json()) as { peers: { url: string; health: string; metrics: { requests: number; failures: number } }[] };
    expect(report.peers.find((entry) => entry.url === `http://127.0.0.1:${older.port}`)).toMatchObject({ health: "healthy", metrics: { requests: 0, failures: 0 } });
}, 60_000);

test("a text request still reaches the protocol 1 peer, which votes as before", async () => {
    const completion = await node.client.chat.completions.create({ model: "stories260K", messages: [{ role: "user", content: "Once upon a time" }], max_tokens: 12 });
    const swarm = (completion as unknown as { swarm: { nodes: NodeExtension[]; candidates: { worker: string; text: string }[] } }).swarm;
    expect(swarm.nodes).toHaveLength(3);
    expect(swarm.nodes.every((entry) => entry.error == null)).toBe(true);
    expect(swarm.candidates.find((candidate) => candidate.worker === olderIdentity.id)?.text).toBe(olderText);
    expect(olderVotes).toBe(1);
}, 60_000);
