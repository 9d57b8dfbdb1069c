import { afterAll, beforeAll, expect, test } from "bun:test";
import { userPaths } from "../src/config/index.ts";
import { reasoningModel, type ReasoningModel } from "./support/reasoningModel.ts";
import { TempFolders } from "./support/TempFolders.ts";
import { startTestServer, type TestServer } from "./support/testServer.ts";

/**
 * Two real nodes on loopback serving a thinking model: the peer gets the request's thinking budget,
 * and sends its winner's thinking apart from its final answer, so the global vote compares answers
 * and the response shows whichever node's thinking won.
 */
const secret = "loopback federation thinking secret";
const folders = new TempFolders("fedthink");
let model: ReasoningModel;
let peer: TestServer;
let node: TestServer;

beforeAll(async () => {
    model = await reasoningModel("switchable");
    const federated = { model: model.path, swarmSecret: secret, mdns: false, heartbeatInterval: 0.2, workers: 2 };
    peer = await startTestServer(federated, { ...userPaths(), dataDir: folders.make() });
    node = await startTestServer({ ...federated, peer: [`127.0.0.1:${peer.port}`] }, { ...userPaths(), dataDir: folders.make() });
}, 60_000);

afterAll(async () => {
    await node?.dispose();
    await peer?.dispose();
    model?.dispose();
    folders.dispose();
});

interface FederatedThinking {
    choices: { message: { content: string; reasoning_content?: string } }[];
    usage: { completion_tokens_details: { reasoning_tokens: number } };
    swarm: { winner: string; candidates: { worker: string; text: string; thinking_tokens: number }[]; nodes: { self: boolean; error: string | null }[] };
}

test("peers send their thinking apart from their answers, within the request's budget", async () => {
    for (let tries = 0; ; tries++) {
        const report = (await (await fetch(`${node.url}/v1/swarm/peers`)).json()) as { peers: { health: string }[] };
        if (report.peers.some((entry) => entry.health === "healthy")) break;
        if (tries > 100) throw new Error("the peer never became healthy");
        await Bun.sleep(100);
    }
    const completion = await node.client.chat.completions.create({ model: "thinking", messages: [{ role: "user", content: "Once upon a time" }], max_tokens: 24, thinking_budget: 5 } as never) as unknown as FederatedThinking;
    const { swarm } = completion;
    expect(swarm.nodes.map((outcome) => outcome.error)).toEqual([null, null]);
    expect(swarm.candidates).toHaveLength(2);
    for (const candidate of swarm.candidates) {
        expect(candidate.thinking_tokens).toBeGreaterThanOrEqual(5);
        expect(candidate.thinking_tokens).toBeLessThanOrEqual(7);
    }
    const { message } = completion.choices[0]!;
    expect(message.reasoning_content!.length).toBeGreaterThan(0);
    expect(message.content).toBe(swarm.candidates.find((candidate) => candidate.worker === swarm.winner)!.text);
    expect(completion.usage.completion_tokens_details.reasoning_tokens).toBe(swarm.candidates.find((candidate) => candidate.worker === swarm.winner)!.thinking_tokens);
});
