import { afterEach, describe, expect, test } from "bun:test";
import path from "node:path";
import type { FederationReport } from "../src/federation/index.ts";
import { NetnsLan, type LanHost, type LanProcess } from "./support/netns.ts";

const secret = "discovery test secret, shared by the swarm";
const script = path.join(import.meta.dir, "support", "discoveryNode.ts");
const port = 8100;
const lans: NetnsLan[] = [];
afterEach(async () => {
    for (const lan of lans.splice(0)) await lan.dispose();
});

function startNode(lan: NetnsLan, host: LanHost, args: readonly string[] = []): LanProcess {
    return lan.spawn(host, [process.execPath, script, "--port", String(port), "--data-dir", lan.dir(host, "data"), ...args], {
        env: { PATH: process.env.PATH ?? "", HOME: lan.dir(host, "home") }
    });
}

async function report(lan: NetnsLan, host: LanHost): Promise<FederationReport> {
    const response = await fetch(`http://${host.address}:${port}/report`, { signal: AbortSignal.timeout(5_000) });
    return (await response.json()) as FederationReport;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe().catch(() => undefined);
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
        await Bun.sleep(200);
    }
}

const healthyPeers = (found: FederationReport) => found.peers.filter((peer) => peer.health === "healthy").map((peer) => peer.url).sort();

describe("federation discovery between network namespaces", () => {
    test("three nodes find each other by mDNS with no peer configured", async () => {
        const lan = NetnsLan.create({ hosts: 3 });
        lans.push(lan);
        const nodes = lan.hosts.map((host) => startNode(lan, host, ["--secret", secret]));
        await Promise.all(nodes.map((node) => node.waitFor(/listening on/)));
        const started = Date.now();
        for (const host of lan.hosts) {
            const others = lan.hosts.filter((other) => other !== host).map((other) => `http://${other.address}:${port}`).sort();
            await until(`${host.address} sees both others`, async () => {
                const found = await report(lan, host);
                return JSON.stringify(healthyPeers(found)) === JSON.stringify(others) ? found : undefined;
            });
        }
        const elapsed = Date.now() - started;
        // "Within a few seconds"; the bound is loose for a busy shared machine.
        expect(elapsed).toBeLessThan(15_000);
        const found = await report(lan, lan.hosts[0]!);
        expect(found.discovery).toMatchObject({ mdns: "running", problem: null });
        expect(found.peers.every((peer) => peer.sources.includes("mdns"))).toBe(true);
    }, 60_000);

    test("a node with another secret is ignored and logged", async () => {
        const lan = NetnsLan.create({ hosts: 3 });
        lans.push(lan);
        const [a, b, c] = lan.hosts as [LanHost, LanHost, LanHost];
        const nodeA = startNode(lan, a, ["--secret", secret]);
        startNode(lan, b, ["--secret", secret]);
        startNode(lan, c, ["--secret", "another swarm's secret entirely", "--peer", `${a.address}:${port}`]);
        const found = await until("a sees b and ignores c", async () => {
            const seen = await report(lan, a);
            return healthyPeers(seen).length === 1 && seen.ignored.length > 0 ? seen : undefined;
        });
        expect(healthyPeers(found)).toEqual([`http://${b.address}:${port}`]);
        expect(found.ignored[0]).toMatchObject({ address: `${c.address}:${port}`, reason: expect.stringMatching(/not signed with this swarm's secret/) });
        await nodeA.waitFor(new RegExp(`ignoring local-swarm node .* at ${c.address.replaceAll(".", "\\.")}:${port}`));
        await nodeA.waitFor(new RegExp(`rejected a federation request from ${c.address.replaceAll(".", "\\.")}`));
    }, 60_000);

    test("without multicast, discovery reports the failure and --peer still forms the swarm", async () => {
        const lan = NetnsLan.create({ hosts: 3, multicast: false });
        lans.push(lan);
        const everyone = lan.hosts.map((host) => `${host.address}:${port}`);
        const nodes = lan.hosts.map((host) =>
            startNode(lan, host, ["--secret", secret, ...everyone.filter((peer) => !peer.startsWith(`${host.address}:`)).flatMap((peer) => ["--peer", peer])])
        );
        const found = await until("node 0 has both peers and has diagnosed multicast", async () => {
            const seen = await report(lan, lan.hosts[0]!);
            return healthyPeers(seen).length === 2 && seen.discovery.problem != null ? seen : undefined;
        }, 40_000);
        expect(found.discovery.problem).toMatch(/multicast does not reach this node/);
        expect(found.peers.every((peer) => peer.sources.join() === "static")).toBe(true);
        await nodes[0]!.waitFor(/warning: multicast does not reach this node/);
    }, 60_000);
});
