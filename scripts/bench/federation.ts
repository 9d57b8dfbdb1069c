import { NetnsLan } from "../../test/support/netns.ts";
import { callNode, startServeNode } from "../../test/support/serveNode.ts";
import { median, printTable } from "./table.ts";

export interface FederationBenchOptions {
    readonly tokens: number;
    readonly workers: number;
    readonly threads: number;
    readonly runs: number;
}

interface NodeTiming {
    readonly self: boolean;
    readonly error: string | null;
    readonly latency_ms: number;
    readonly local_vote?: { readonly latency_ms: number };
}

/**
 * Issue 4's figure: a 3-node federation's answer time against the slowest node's own local vote in
 * the same request (target ≤ 1.2×), with three real `serve` processes in network namespaces on one
 * bridge. All three share this machine's CPUs, so each local vote is slower than on three machines;
 * the ratio isolates what the federation adds (fan-out, signatures, phase 2). Needs root.
 */
export async function benchFederation(options: FederationBenchOptions): Promise<void> {
    const { tokens, workers, threads, runs } = options;
    console.log(`## Federation: 3 nodes × ${workers} workers, T=${tokens} tokens, ${threads} thread(s) each, median of ${runs} runs\n`);
    let lan: NetnsLan;
    try {
        lan = NetnsLan.create({ hosts: 3 });
    } catch (error) {
        console.log(`skipped: ${(error as Error).message.split("\n")[0]}\n`);
        return;
    }
    try {
        const flags = ["--swarm-secret", "federation benchmark secret", "--workers", String(workers), "--threads", String(threads), "--max-tokens", String(tokens)];
        await Promise.all(lan.hosts.map((host) => startServeNode(lan, host, flags)));
        const entry = lan.hosts[0]!;
        for (let tries = 0; ; tries++) {
            const report = (await (await callNode(entry, "/v1/swarm/peers")).json()) as { peers: { health: string }[] };
            if (report.peers.filter((peer) => peer.health === "healthy").length === 2) break;
            if (tries > 100) throw new Error("the three nodes did not find each other within 20 s");
            await Bun.sleep(200);
        }
        const ask = async (seed: number) => {
            const started = performance.now();
            const response = await callNode(entry, "/v1/chat/completions", {
                body: { messages: [{ role: "user", content: "Once upon a time" }], max_tokens: tokens, temperature: 0.8, seed }
            });
            const body = (await response.json()) as { swarm: { nodes: NodeTiming[] } };
            const elapsed = performance.now() - started;
            const nodes = body.swarm.nodes;
            if (nodes.length !== 3 || nodes.some((node) => node.error != null)) throw new Error(`not every node voted: ${JSON.stringify(nodes)}`);
            const slowest = Math.max(...nodes.map((node) => node.local_vote!.latency_ms));
            const peerOverhead = nodes.filter((node) => !node.self).map((node) => node.latency_ms - node.local_vote!.latency_ms);
            return { elapsed, slowest, peerOverhead: median(peerOverhead) };
        };
        await ask(0);
        const samples = [];
        for (let run = 1; run <= runs; run++) samples.push(await ask(run));
        const answer = median(samples.map((sample) => sample.elapsed));
        const slowest = median(samples.map((sample) => sample.slowest));
        printTable(["measurement", "value", "target"], [
            ["federated answer, client side", `${answer.toFixed(1)} ms`, ""],
            ["slowest node's local vote (same request)", `${slowest.toFixed(1)} ms`, ""],
            ["peer round trip beyond its local vote", `${median(samples.map((sample) => sample.peerOverhead)).toFixed(1)} ms`, ""],
            ["federated / slowest local", (answer / slowest).toFixed(2), "≤ 1.20"]
        ]);
        console.log("");
    } finally {
        await lan.dispose();
    }
}
