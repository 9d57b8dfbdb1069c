import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import path from "node:path";
import { NetnsLan, type LanHost, type LanProcess } from "./support/netns.ts";
import { callNode, nodeApiKey, nodePort, startServeNode } from "./support/serveNode.ts";

/**
 * Three real `local-swarm serve` nodes on the test model, each in its own network namespace on one
 * bridged LAN, as three machines would be. Needs root (network namespaces).
 */
const secret = "the federation test swarm's shared secret";
const projectRoot = path.resolve(import.meta.dir, "..");
const prompt = [{ role: "user", content: "Once upon a time" }];
const clonedId = "0123456789abcdef";

interface Trust {
    reputation: number;
    agreements: number;
    votes: number;
    weight: number;
    reason: string;
}

interface PeersReport {
    enabled: boolean;
    node: { id: string; trust: Trust };
    discovery: { mdns: string; problem: string | null; note: string | null; staticPeers: string[] };
    peers: { id: string; url: string; health: string; sources: string[]; latencyMs: number | null; metrics: { requests: number; failures: number; wins: number }; trust: Trust | null }[];
    ignored: { name: string; address: string; reason: string }[];
}

interface NodeExtension {
    node: string;
    self: boolean;
    error: string | null;
    won: boolean;
    workers?: number;
    candidates?: unknown[];
    weight: { vote: number; weight: number; source: string; reason: string } | null;
}

interface Completion {
    choices: { message: { content: string } }[];
    swarm: { winner: string; candidates: { worker: string; text: string }[]; nodes: NodeExtension[] };
}

async function peers(host: LanHost): Promise<PeersReport> {
    return (await (await callNode(host, "/v1/swarm/peers", { timeoutMs: 5_000 })).json()) as PeersReport;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe().catch(() => undefined);
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
        await Bun.sleep(200);
    }
}

const healthy = (report: PeersReport) => report.peers.filter((peer) => peer.health === "healthy");
const urlOf = (host: LanHost) => `http://${host.address}:${nodePort}`;

async function chat(host: LanHost, extra: Record<string, unknown> = {}): Promise<Completion> {
    const response = await callNode(host, "/v1/chat/completions", { body: { model: "stories260K", messages: prompt, max_tokens: 24, ...extra } });
    expect(response.status).toBe(200);
    return (await response.json()) as Completion;
}

describe("three nodes on a LAN with multicast", () => {
    let lan: NetnsLan;
    let nodes: LanProcess[];
    let serving: number;

    beforeAll(async () => {
        lan = NetnsLan.create({ hosts: 3 });
        // The first two start from a copied data dir: the same node id.
        for (const host of lan.hosts.slice(0, 2)) fs.writeFileSync(path.join(lan.dir(host, "data"), "node-id"), `${clonedId}\n`);
        nodes = await Promise.all(lan.hosts.map((host) => startServeNode(lan, host, ["--swarm-secret", secret, "--peer-deadline", "30"])));
        serving = Date.now();
    }, 120_000);

    afterAll(async () => {
        await lan?.dispose();
    });

    test("they discover each other by mDNS within a few seconds, with no peer configured", async () => {
        for (const host of lan.hosts) {
            const others = lan.hosts.filter((other) => other !== host).map(urlOf).sort();
            const report = await until(`${host.address} sees both others`, async () => {
                const seen = await peers(host);
                return JSON.stringify(healthy(seen).map((peer) => peer.url).sort()) === JSON.stringify(others) ? seen : undefined;
            });
            expect(report.discovery).toEqual({ mdns: "running", problem: null, note: null, staticPeers: [] });
            expect(report.peers.every((peer) => peer.sources.includes("mdns") && peer.latencyMs != null)).toBe(true);
        }
        // Loose bound for a busy shared machine; on an idle one it takes well under a second.
        expect(Date.now() - serving).toBeLessThan(15_000);
    }, 30_000);

    test("a copied data dir does not clone the node id: one of the twins takes a new one", async () => {
        const ids = await Promise.all(lan.hosts.map(async (host) => (await peers(host)).node.id));
        expect(new Set(ids).size).toBe(3);
        expect(ids.filter((id) => id === clonedId)).toHaveLength(1);
        const renamed = ids[0] === clonedId ? 1 : 0;
        expect(nodes[renamed]!.output()).toMatch(new RegExp(`this node's id ${clonedId} \\(a copied data dir\\?\\); this node is now ${ids[renamed]}`));
        expect(fs.readFileSync(path.join(lan.dir(lan.hosts[renamed]!, "data"), "node-id"), "utf8").trim()).toBe(ids[renamed]!);
    }, 30_000);

    test("a chat request to one node is answered with votes from all three, and their agreement earns trust", async () => {
        const ids = await Promise.all(lan.hosts.map(async (host) => (await peers(host)).node.id));
        // Greedy decoding: the three nodes run the same model on the same prompt, so they agree.
        const completion = await chat(lan.hosts[0]!, { temperature: 0 });
        const { swarm } = completion;
        expect(swarm.nodes.map((node) => node.node).sort()).toEqual([...ids].sort());
        expect(swarm.nodes.every((node) => node.error == null && node.workers === 2 && node.candidates?.length === 2)).toBe(true);
        expect(swarm.nodes.filter((node) => node.self).map((node) => node.node)).toEqual([ids[0]!]);
        expect(swarm.candidates.map((candidate) => candidate.worker).sort()).toEqual([...ids].sort());
        const winner = swarm.candidates.find((candidate) => candidate.worker === swarm.winner)!;
        expect(completion.choices[0]!.message.content).toBe(winner.text);
        expect(swarm.nodes.filter((node) => node.won).map((node) => node.node)).toEqual([swarm.winner]);

        const report = await peers(lan.hosts[0]!);
        expect(report.peers.map((peer) => peer.metrics.requests)).toEqual([1, 1]);
        expect(report.peers.reduce((sum, peer) => sum + peer.metrics.wins, 0)).toBe(swarm.winner === ids[0] ? 0 : 1);

        // Every node voted with the neutral weight of a newcomer, said so, and each agreed with the two others.
        for (const node of swarm.nodes) expect(node.weight).toMatchObject({ weight: 1, source: "trust", reason: expect.stringContaining("no decided vote yet → neutral weight 1.00") });
        for (const trust of [report.node.trust, ...report.peers.map((peer) => peer.trust!)]) {
            expect(trust).toMatchObject({ agreements: 1, votes: 1 });
            expect(trust.weight).toBeGreaterThan(1);
            expect(trust.reason).toMatch(/agreed with the others on 1 of 1 decided votes → weight 1\.58/);
        }
        const again = await chat(lan.hosts[0]!, { temperature: 0 });
        for (const node of again.swarm.nodes) expect(node.weight!.weight).toBeCloseTo(Math.log2(3), 9);
        expect((await peers(lan.hosts[0]!)).node.trust).toMatchObject({ agreements: 2, votes: 2 });
    }, 60_000);

    test("a streamed request is voted on by all three as well", async () => {
        const response = await callNode(lan.hosts[1]!, "/v1/chat/completions", { body: { model: "stories260K", messages: prompt, max_tokens: 16, stream: true, temperature: 0 } });
        expect(response.headers.get("content-type")).toContain("text/event-stream");
        const events = (await response.text())
            .split("\n\n")
            .filter((block) => block.startsWith("data: ") && block !== "data: [DONE]")
            .map((block) => JSON.parse(block.slice("data: ".length)) as { choices: { delta: { content?: string } }[]; swarm?: Completion["swarm"] });
        const text = events.map((event) => event.choices[0]?.delta.content ?? "").join("");
        const swarm = events.find((event) => event.swarm != null)!.swarm!;
        expect(swarm.nodes).toHaveLength(3);
        expect(swarm.nodes.every((node) => node.error == null)).toBe(true);
        expect(text).toBe(swarm.candidates.find((candidate) => candidate.worker === swarm.winner)!.text);
    }, 60_000);

    test("`local-swarm peers` lists the members with health and votes", async () => {
        const [a, b, c] = lan.hosts as [LanHost, LanHost, LanHost];
        const run = Bun.spawnSync([process.execPath, "src/cli/main.ts", "peers", "--host", a.address, "--port", String(nodePort), "--api-key", nodeApiKey], {
            cwd: projectRoot,
            env: { PATH: process.env.PATH ?? "", HOME: lan.dir(a, "cli-home"), LOCAL_SWARM_CONFIG: path.join(lan.dir(a, "cli-home"), "none.json") }
        });
        const output = run.stdout.toString();
        expect(run.exitCode).toBe(0);
        expect(output).toMatch(/mDNS running/);
        expect(output).toMatch(/PEER +ADDRESS +HEALTH.* TRUST +AGREED +WEIGHT/);
        expect(output).toMatch(/trust: node [0-9a-f]{16} agreed with the others on 2 of 2 decided votes → weight /);
        for (const host of [b, c]) expect(output).toMatch(new RegExp(`${urlOf(host).replaceAll(".", "\\.")} +healthy +mdns`));
    }, 30_000);

    test("a node that shuts down leaves the swarm, and comes back under the same id and trust when restarted", async () => {
        const [a, b] = lan.hosts as [LanHost, LanHost];
        const id = (await peers(b)).node.id;
        // b voted once (the streamed request), learning its peers' trust.
        const learned = (await peers(b)).peers.map((peer) => peer.trust).sort((x, y) => (x?.reason ?? "").localeCompare(y?.reason ?? ""));
        expect(learned.every((trust) => trust?.votes === 1)).toBe(true);
        nodes[1]!.process.kill("SIGTERM");
        expect(await nodes[1]!.process.exited).toBe(0);
        expect(nodes[1]!.output()).toMatch(/federation: node [0-9a-f]{16} leaves the swarm/);
        await until("a sees b down", async () => ((await peers(a)).peers.find((peer) => peer.id === id)?.health === "down" ? true : undefined), 10_000);
        nodes[1] = await startServeNode(lan, b, ["--swarm-secret", secret, "--peer-deadline", "30"]);
        await until("a sees b back", async () => ((await peers(a)).peers.find((peer) => peer.id === id)?.health === "healthy" ? true : undefined), 15_000);
        expect((await peers(b)).node.id).toBe(id);
        const relearned = await until("b knows its peers' models again", async () => {
            const seen = (await peers(b)).peers;
            return seen.every((peer) => peer.trust != null) && seen.length === 2 ? seen : undefined;
        });
        expect(relearned.map((peer) => peer.trust).sort((x, y) => (x?.reason ?? "").localeCompare(y?.reason ?? ""))).toEqual(learned);
    }, 60_000);

    test("a node killed mid-request costs only its vote: the other two answer, within the deadline", async () => {
        const [a, , c] = lan.hosts as [LanHost, LanHost, LanHost];
        const victim = nodes[2]!;
        const victimId = (await peers(c)).node.id;
        const asking = () => (nodes[0]!.output().match(/federated vote: asking/g) ?? []).length;
        const before = asking();
        // Frozen first, so the request is certainly in flight on it when it dies.
        victim.process.kill("SIGSTOP");
        const started = Date.now();
        const answer = chat(a);
        await until("node a has sent the request to its peers", async () => (asking() > before ? true : undefined), 10_000);
        await Bun.sleep(300);
        await victim.kill();
        const completion = await answer;
        // The deadline is 30 s; a dead peer must not make the answer wait for it.
        expect(Date.now() - started).toBeLessThan(20_000);
        const dropped = completion.swarm.nodes.filter((node) => node.error != null);
        expect(dropped.map((node) => node.node)).toEqual([victimId]);
        expect(completion.swarm.nodes).toHaveLength(3);
        expect(completion.swarm.candidates.map((candidate) => candidate.worker)).not.toContain(victimId);
        expect(completion.swarm.candidates).toHaveLength(2);

        const report = await until("node a drops the dead node", async () => {
            const seen = await peers(a);
            return seen.peers.find((peer) => peer.url === urlOf(c))?.health === "down" ? seen : undefined;
        }, 15_000);
        expect(report.peers.find((peer) => peer.url === urlOf(c))!.metrics.failures).toBeGreaterThanOrEqual(1);
        const after = await chat(a);
        expect(after.swarm.nodes).toHaveLength(2);
    }, 90_000);
});

describe("a node with another swarm's secret", () => {
    let lan: NetnsLan;
    let nodes: LanProcess[];

    beforeAll(async () => {
        lan = NetnsLan.create({ hosts: 3 });
        const [a, b, c] = lan.hosts as [LanHost, LanHost, LanHost];
        nodes = await Promise.all([
            startServeNode(lan, a, ["--swarm-secret", secret]),
            startServeNode(lan, b, ["--swarm-secret", secret]),
            // It even names a as a static peer: its requests must be refused too.
            startServeNode(lan, c, ["--swarm-secret", "another swarm's secret, not ours", "--peer", `${a.address}:${nodePort}`])
        ]);
    }, 120_000);

    afterAll(async () => {
        await lan?.dispose();
    });

    test("is never used, and is logged", async () => {
        const [a, b, c] = lan.hosts as [LanHost, LanHost, LanHost];
        const escaped = c.address.replaceAll(".", "\\.");
        const report = await until("a sees b and has ignored c", async () => {
            const seen = await peers(a);
            return healthy(seen).length === 1 && seen.ignored.length > 0 ? seen : undefined;
        });
        expect(healthy(report).map((peer) => peer.url)).toEqual([urlOf(b)]);
        expect(report.peers.map((peer) => peer.url)).not.toContain(urlOf(c));
        expect(report.ignored[0]).toMatchObject({ address: `${c.address}:${nodePort}`, reason: expect.stringMatching(/not signed with this swarm's secret/) });
        await nodes[0]!.waitFor(new RegExp(`ignoring local-swarm node "local-swarm-[0-9a-f]{16}" at ${escaped}:${nodePort}`), 10_000);
        await nodes[0]!.waitFor(new RegExp(`rejected a federation request from ${escaped}: .*does not hold this swarm's secret`), 10_000);
        await nodes[2]!.waitFor(/refuses this node's requests: .*does not hold this swarm's secret; it will not be used/, 10_000);

        const completion = await chat(a);
        const cId = (await peers(c)).node.id;
        expect(completion.swarm.nodes).toHaveLength(2);
        expect(completion.swarm.nodes.map((node) => node.node)).not.toContain(cId);
        expect(nodes[2]!.output()).not.toMatch(/voting for the peer/);
        // c finds nobody it can trust, so after a while it says what to check.
        const lonely = await until("c notes that mDNS found nobody", async () => {
            const seen = await peers(c);
            return seen.discovery.note != null ? seen : undefined;
        }, 20_000);
        expect(lonely.discovery.note).toMatch(/no other node found by mDNS in \d+ s; .*--peer host:port/);
        expect(lonely.peers.every((peer) => peer.health !== "healthy")).toBe(true);
    }, 60_000);
});

describe("a LAN that drops multicast", () => {
    let lan: NetnsLan;
    let nodes: LanProcess[];

    beforeAll(async () => {
        lan = NetnsLan.create({ hosts: 3, multicast: false });
        nodes = await Promise.all(lan.hosts.map((host) => {
            const others = lan.hosts.filter((other) => other !== host).flatMap((other) => ["--peer", `${other.address}:${nodePort}`]);
            return startServeNode(lan, host, ["--swarm-secret", secret, ...others]);
        }));
    }, 120_000);

    afterAll(async () => {
        await lan?.dispose();
    });

    test("discovery reports the failure, and --peer still forms the swarm", async () => {
        const a = lan.hosts[0]!;
        const report = await until("a has both static peers and has diagnosed multicast", async () => {
            const seen = await peers(a);
            return healthy(seen).length === 2 && seen.discovery.problem != null ? seen : undefined;
        }, 30_000);
        expect(report.discovery.problem).toMatch(/multicast does not reach this node/);
        expect(report.peers.every((peer) => peer.sources.join() === "static")).toBe(true);
        await nodes[0]!.waitFor(/warn  multicast does not reach this node/, 10_000);

        const completion = await chat(a);
        expect(completion.swarm.nodes).toHaveLength(3);
        expect(completion.swarm.nodes.every((node) => node.error == null)).toBe(true);
    }, 60_000);

    test("with --no-mdns nothing is announced and nothing is reported missing", async () => {
        const extra = NetnsLan.create({ hosts: 2, multicast: false });
        try {
            const [x, y] = extra.hosts as [LanHost, LanHost];
            await Promise.all([
                startServeNode(extra, x, ["--swarm-secret", secret, "--no-mdns", "--peer", `${y.address}:${nodePort}`]),
                startServeNode(extra, y, ["--swarm-secret", secret, "--no-mdns"])
            ]);
            const report = await until("x has y as a static peer", async () => {
                const seen = await peers(x);
                return healthy(seen).length === 1 ? seen : undefined;
            });
            expect(report.discovery).toMatchObject({ mdns: "disabled", problem: null });
            // Peers are only those configured or discovered, and y was given none.
            expect((await peers(y)).peers).toEqual([]);
        } finally {
            await extra.dispose();
        }
    }, 90_000);
});
