import type { TestServer } from "./testServer.ts";

/** Waits (at most ~10 s) until a federating test server counts `count` healthy peers. */
export async function healthyPeers(node: TestServer, count: number): Promise<void> {
    for (let tries = 0; ; tries++) {
        const report = (await (await fetch(`${node.url}/v1/swarm/peers`)).json()) as { peers: { health: string }[] };
        if (report.peers.filter((entry) => entry.health === "healthy").length === count) return;
        if (tries > 100) throw new Error("the peers never became healthy");
        await Bun.sleep(100);
    }
}
