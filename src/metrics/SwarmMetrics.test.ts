import { expect, test } from "bun:test";
import type { PeerSnapshot } from "../federation/index.ts";
import { SwarmMetrics } from "./SwarmMetrics.ts";

const peer = (id: string, health: PeerSnapshot["health"], latencyMs: number | null): PeerSnapshot => ({
    id,
    url: `http://10.0.0.${id.length}:8000`,
    sources: ["static"],
    health,
    model: "m",
    workers: 2,
    capabilities: ["generate"],
    latencyMs,
    lastSeen: null,
    lastError: null,
    metrics: { requests: 0, failures: 0, wins: 0, agreements: 0, meanLatencyMs: null }
});

test("peers by health and each peer's latency are read at scrape time", async () => {
    let peers = [peer("a", "healthy", 12), peer("bb", "healthy", 30), peer("ccc", "down", null)];
    const metrics = new SwarmMetrics({
        swarm: { subscribe: () => () => undefined, status: () => ({ model: "m", workers: [{ id: "w0", busy: true }], queued: 2, queueSize: 4, served: 0 }) },
        peers: () => peers
    });
    let text = await metrics.text();
    expect(text).toContain('local_swarm_peers{health="healthy"} 2');
    expect(text).toContain('local_swarm_peers{health="down"} 1');
    expect(text).toContain('local_swarm_peer_latency_seconds{peer="a"} 0.012');
    expect(text).toContain("local_swarm_queue_depth 2");
    expect(text).toContain("local_swarm_workers_busy 1");
    peers = [peer("a", "down", null)];
    text = await metrics.text();
    expect(text).toContain('local_swarm_peers{health="healthy"} 0');
    expect(text).not.toContain('peer="bb"');
    metrics.dispose();
});
