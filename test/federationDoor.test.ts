import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import crypto from "node:crypto";
import net from "node:net";
import path from "node:path";
import { rssOf, spawnServer } from "../scripts/load/spawnServer.ts";
import { userPaths } from "../src/config/index.ts";
import { NodeIdentity, SwarmKey } from "../src/federation/index.ts";
import { testModelPath } from "./support/testModel.ts";
import { TempFolders } from "./support/TempFolders.ts";
import { startTestServer, type TestServer } from "./support/testServer.ts";

/**
 * The federation door against attacks from the LAN: bodies from senders without the secret,
 * signed requests replayed to another node of the swarm, and a peer's output schema nested
 * 50,000 deep.
 */
const secret = "federation door test secret";
const folders = new TempFolders("door");

afterAll(() => {
    folders.dispose();
});

/**
 * Opens a connection that sends a federation request's headers and then all but the last byte
 * of a 4 MiB body, as fast as the server takes it, and never finishes. Resolves with the status
 * line the server answered, if any, once `waitMs` has passed.
 */
function stalledBody(port: number, headers: Record<string, string>, waitMs: number): { socket: net.Socket; answer: Promise<string> } {
    const declared = 4 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 97);
    const socket = net.connect(port, "127.0.0.1");
    let sent = 0;
    let answer = "";
    const pump = () => {
        while (sent + chunk.length < declared) {
            sent += chunk.length;
            if (!socket.write(chunk)) return;
        }
    };
    socket.on("error", () => {});
    socket.on("data", (data: Buffer) => (answer += data.toString("latin1")));
    socket.on("drain", pump);
    socket.on("connect", () => {
        const head = Object.entries({ ...headers, "content-type": "application/json", "content-length": String(declared) }).map(([name, value]) => `${name}: ${value}\r\n`).join("");
        socket.write(`POST /federation/v1/generate HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n${head}\r\n`);
        pump();
    });
    return { socket, answer: Bun.sleep(waitMs).then(() => /^HTTP\/1\.1 \d{3}/.exec(answer)?.[0] ?? "no answer") };
}

describe("bodies from senders without the swarm secret", () => {
    test("150 stalled unsigned or forged 4 MiB bodies are refused before a byte is read, and cost the server no memory", async () => {
        const home = folders.make();
        const server = spawnServer(
            ["--model", await testModelPath(), "--workers", "1", "--threads", "1", "--context-size", "512", "--swarm-secret", secret, "--mdns", "false"],
            { HOME: home, LOCAL_SWARM_DATA_DIR: path.join(home, "data"), LOCAL_SWARM_CACHE_DIR: path.join(home, "cache"), LOCAL_SWARM_CONFIG: path.join(home, "none.json") }
        );
        const sockets: net.Socket[] = [];
        try {
            const url = await server.listening;
            const port = Number(new URL(url).port);
            expect((await fetch(`${url}/health`)).status).toBe(200);
            const before = await rssOf(server.pid);
            // Half send no signature, half headers that look signed (right shapes, made-up values).
            const forged = () => ({
                "x-swarm-node": crypto.randomBytes(8).toString("hex"),
                "x-swarm-target": crypto.randomBytes(8).toString("hex"),
                "x-swarm-timestamp": String(Date.now()),
                "x-swarm-nonce": crypto.randomBytes(16).toString("hex"),
                "x-swarm-body-sha256": crypto.randomBytes(32).toString("hex"),
                "x-swarm-signature": crypto.randomBytes(32).toString("hex")
            });
            const attacks = Array.from({ length: 150 }, (_, index) => stalledBody(port, index % 2 === 0 ? {} : forged(), 8_000));
            sockets.push(...attacks.map((attack) => attack.socket));
            const answers = await Promise.all(attacks.map((attack) => attack.answer));
            const during = await rssOf(server.pid);
            const started = performance.now();
            expect((await fetch(`${url}/health`)).status).toBe(200);
            const healthMs = performance.now() - started;
            console.log(`RSS ${(before / 2 ** 20).toFixed(0)} MB before, ${(during / 2 ** 20).toFixed(0)} MB with 150 stalled 4 MiB bodies; /health in ${healthMs.toFixed(0)} ms`);
            expect(answers.filter((answer) => answer === "HTTP/1.1 401")).toHaveLength(150);
            // Before the fix each stalled body was buffered whole: +400 MB for 100 of them.
            expect(during - before).toBeLessThan(100 * 2 ** 20);
            expect(server.log()).toMatch(/rejected a federation request from 127\.0\.0\.1: federation request (is not signed|signature does not match)/);
        } finally {
            for (const socket of sockets) socket.destroy();
            server.kill();
        }
    }, 90_000);
});

describe("signed requests between real nodes", () => {
    let nodeA: TestServer;
    let nodeB: TestServer;
    let sender: TestServer;
    let proxy: ReturnType<typeof Bun.serve>;
    const captured: { path: string; headers: Headers; body: Uint8Array<ArrayBuffer> }[] = [];

    /** The node's own id, from its peers report. */
    const idOf = async (node: TestServer) => ((await (await fetch(`${node.url}/v1/swarm/peers`)).json()) as { node: { id: string } }).node.id;

    beforeAll(async () => {
        const federated = { swarmSecret: secret, mdns: false, heartbeatInterval: 0.2, workers: 2 };
        nodeA = await startTestServer(federated, { ...userPaths(), dataDir: folders.make() });
        nodeB = await startTestServer(federated, { ...userPaths(), dataDir: folders.make() });
        // Stands between the sender and node A and keeps a copy of every request, as a listener on the LAN could.
        proxy = Bun.serve({
            hostname: "127.0.0.1",
            port: 0,
            async fetch(request) {
                const headers = new Headers(request.headers);
                headers.delete("host");
                const body = new Uint8Array(await request.arrayBuffer());
                const target = new URL(request.url);
                captured.push({ path: target.pathname, headers, body });
                try {
                    const answer = await fetch(`${nodeA.url}${target.pathname}`, { method: request.method, headers, ...(request.method === "GET" ? {} : { body }) });
                    return new Response(await answer.arrayBuffer(), { status: answer.status, headers: answer.headers });
                } catch {
                    // Node A is gone (the tests are over and a heartbeat came late).
                    return new Response(null, { status: 502 });
                }
            }
        });
        sender = await startTestServer({ ...federated, peer: [`127.0.0.1:${proxy.port}`] }, { ...userPaths(), dataDir: folders.make() });
        for (let tries = 0; ; tries++) {
            const report = (await (await fetch(`${sender.url}/v1/swarm/peers`)).json()) as { peers: { health: string }[] };
            if (report.peers[0]?.health === "healthy") break;
            if (tries > 100) throw new Error("node A never became healthy through the proxy");
            await Bun.sleep(100);
        }
    }, 60_000);

    afterAll(async () => {
        await sender?.dispose();
        proxy?.stop(true);
        await nodeA?.dispose();
        await nodeB?.dispose();
    });

    test("a vote request signed for node A and replayed to node B of the same swarm is refused", async () => {
        const completion = await sender.client.chat.completions.create({ model: "stories260K", messages: [{ role: "user", content: "Once upon a time" }], max_tokens: 8 });
        const nodes = (completion as unknown as { swarm: { nodes: { self: boolean; error: string | null }[] } }).swarm.nodes;
        expect(nodes.filter((entry) => !entry.self).map((entry) => entry.error)).toEqual([null]);
        const request = captured.find((entry) => entry.path === "/federation/v1/generate")!;
        expect(request.headers.get("x-swarm-target")).toBe(await idOf(nodeA));

        const replay = (node: TestServer) => fetch(`${node.url}${request.path}`, { method: "POST", headers: request.headers, body: request.body });
        const toB = await replay(nodeB);
        expect(toB.status).toBe(401);
        expect(((await toB.json()) as { error: { message: string } }).error.message).toBe(
            `federation request is addressed to node ${await idOf(nodeA)}, not to this node (${await idOf(nodeB)})`
        );
        const toA = await replay(nodeA);
        expect(toA.status).toBe(401);
        expect(((await toA.json()) as { error: { message: string } }).error.message).toMatch(/replayed/);
    }, 60_000);

    test("a signed request whose output schema nests 50,000 deep is refused with a 400, and the node keeps serving", async () => {
        const schema = `${'{"type":"array","items":'.repeat(50_000)}{"type":"string"}${"}".repeat(50_000)}`;
        const body = new TextEncoder().encode(
            `{"messages":[{"role":"user","content":"x"}],"params":{"maxTokens":4,"format":{"kind":"jsonSchema","schema":${schema}}}}`
        );
        const key = new SwarmKey(secret);
        const signed = key.signRequest("POST", "/federation/v1/generate", body, NodeIdentity.load(folders.make()).id, await idOf(nodeA));
        const response = await fetch(`${nodeA.url}/federation/v1/generate`, { method: "POST", headers: { ...signed.headers, "content-type": "application/json" }, body });
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ error: { code: "invalid_json", message: "the request body nests deeper than 128 levels" } });
        // Shallow enough for JSON, but not a schema a grammar can take: the API's own schema checks refuse it.
        const deep = `${'{"type":"array","items":'.repeat(40)}{"type":"string"}${"}".repeat(40)}`;
        const shallow = new TextEncoder().encode(`{"messages":[{"role":"user","content":"x"}],"params":{"maxTokens":4,"format":{"kind":"jsonSchema","schema":${deep}}}}`);
        const again = key.signRequest("POST", "/federation/v1/generate", shallow, NodeIdentity.load(folders.make()).id, await idOf(nodeA));
        const refused = await fetch(`${nodeA.url}/federation/v1/generate`, { method: "POST", headers: { ...again.headers, "content-type": "application/json" }, body: shallow });
        expect(refused.status).toBe(400);
        expect(await refused.json()).toMatchObject({ error: { code: "invalid_json_schema", message: expect.stringMatching(/^params\.format\.schema(\.items)+: nested deeper than 32 levels$/) } });
        expect((await fetch(`${nodeA.url}/health`)).status).toBe(200);
    }, 60_000);
});
