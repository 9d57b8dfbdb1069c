import { afterEach, expect, test } from "bun:test";
import type { Decision } from "../consensus/index.ts";
import type { FederatedOutcome, NodeOutcome } from "../federation/index.ts";
import type { SwarmEvent, SwarmRequest, SwarmStatus, WorkerResult } from "../swarm/index.ts";
import { readEvents } from "./client/readEvents.ts";
import type { EventFeed } from "./EventFeed.ts";
import { machineInfo } from "./machineInfo.ts";
import { SwarmMonitor, type SwarmMonitorOptions } from "./SwarmMonitor.ts";
import type { DashboardMessage } from "./types.ts";

/** A swarm whose events the test emits itself. */
class ScriptedSwarm {
    readonly listeners = new Set<(event: SwarmEvent) => void>();
    served = 0;

    subscribe(listener: (event: SwarmEvent) => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    status(): SwarmStatus {
        return { model: "m", workers: [{ id: "w0", busy: false }, { id: "w1", busy: false }], queued: 0, queueSize: 4, served: this.served };
    }

    emit(event: SwarmEvent): void {
        for (const listener of this.listeners) listener(event);
    }

    /** One whole request, an event per tick: started, text, both workers finish, the vote picks w1. */
    async answer(prompt: string): Promise<void> {
        const results = [result("w0", "a"), result("w1", "b")];
        const events: SwarmEvent[] = [
            { type: "started", workers: 2, mode: "whole", request: { messages: [{ role: "user", content: prompt }], params: { maxTokens: 8 } } },
            { type: "text", worker: "w0", text: "a" },
            { type: "text", worker: "w1", text: "b" },
            ...results.map((finished) => ({ type: "finished" as const, result: finished })),
            { type: "decided", result: { model: "m", candidates: results, decision: decision(1), promptTokens: 3 } }
        ];
        for (const event of events) {
            if (event.type === "decided") this.served++;
            this.emit(event);
            await Bun.sleep(1);
        }
    }
}

function result(worker: string, text: string): WorkerResult {
    return { worker, text, tokens: 4, latencyMs: 200, finishReason: "length", temperature: 0.7, seed: 1 };
}

function decision(winner: number): Decision {
    return { strategy: "similarity", reason: "prose: similarity", winner, answer: null, scores: [0.2, 0.8], ranking: [1, 0], agreement: 0.5, confidence: 0.5, abstain: false, used: 2 };
}

const monitors: SwarmMonitor[] = [];
afterEach(() => {
    for (const monitor of monitors.splice(0)) monitor.dispose();
});

function monitorOf(swarm: ScriptedSwarm, options: Partial<SwarmMonitorOptions> = {}): SwarmMonitor {
    const monitor = new SwarmMonitor({ swarm, machine: machineInfo({ model: "m" }), ...options });
    monitors.push(monitor);
    return monitor;
}

/** Reads a feed's messages until `count` have arrived. */
async function take(feed: EventFeed, count: number): Promise<DashboardMessage[]> {
    const messages: DashboardMessage[] = [];
    for await (const event of readEvents(feed.stream())) {
        messages.push(JSON.parse(event.data) as DashboardMessage);
        if (messages.length === count) break;
    }
    return messages;
}

test("a page connecting later gets the last requests only, newest last, with candidates, scores and the winner", async () => {
    const swarm = new ScriptedSwarm();
    const monitor = monitorOf(swarm, { historySize: 2 });
    for (const prompt of ["one", "two", "three"]) await swarm.answer(prompt);
    const [snapshot] = await take(monitor.connect(), 1);
    if (snapshot?.type !== "snapshot") throw new Error("expected a snapshot first");
    expect(snapshot.history.map((request) => request.prompt)).toEqual(["two", "three"]);
    const last = snapshot.history[1]!;
    expect(last.state).toBe("decided");
    expect(last.decision).toMatchObject({ winner: "w1", strategy: "similarity", agreement: 0.5 });
    expect(last.candidates.map((candidate) => [candidate.worker, candidate.score, candidate.tokensPerSecond])).toEqual([["w0", 0.2, 20], ["w1", 0.8, 20]]);
    expect(snapshot.status.workers).toEqual([{ id: "w0", busy: false, tokensPerSecond: 20 }, { id: "w1", busy: false, tokensPerSecond: 20 }]);
    expect(snapshot.status.served).toBe(3);
});

test("text is batched per interval; a page joining mid-request gets the text so far", async () => {
    const swarm = new ScriptedSwarm();
    const monitor = monitorOf(swarm, { textIntervalMs: 20 });
    const early = monitor.connect();
    swarm.emit({ type: "started", workers: 2, mode: "whole", request: { messages: [{ role: "user", content: "go" }], params: { maxTokens: 8 } } });
    for (const text of ["Once", " upon", " a"]) swarm.emit({ type: "text", worker: "w0", text });
    swarm.emit({ type: "text", worker: "w1", text: "The" });
    const messages = await take(early, 4);
    expect(messages.map((message) => message.type)).toEqual(["snapshot", "request", "status", "text"]);
    expect(messages[3]).toEqual({ type: "text", id: 1, text: { w0: "Once upon a", w1: "The" } });

    const late = await take(monitor.connect(), 2);
    expect(late[0]!.type === "snapshot" && late[0]!.history.at(-1)!.state).toBe("running");
    expect(late[1]).toEqual({ type: "text", id: 1, text: { w0: "Once upon a", w1: "The" } });
});

test("a thinking worker's thinking goes out apart from its text, batched the same way", async () => {
    const swarm = new ScriptedSwarm();
    const monitor = monitorOf(swarm, { textIntervalMs: 20 });
    const early = monitor.connect();
    swarm.emit({ type: "started", workers: 2, mode: "whole", request: { messages: [{ role: "user", content: "go" }], params: { maxTokens: 8 } } });
    for (const text of ["Let me", " think"]) swarm.emit({ type: "thought", worker: "w0", text });
    swarm.emit({ type: "text", worker: "w1", text: "Hi" });
    const messages = await take(early, 4);
    expect(messages[3]).toEqual({ type: "text", id: 1, text: { w1: "Hi" }, thought: { w0: "Let me think" } });

    swarm.emit({ type: "text", worker: "w0", text: "Yes" });
    expect((await take(early, 1))[0]).toEqual({ type: "text", id: 1, text: { w0: "Yes" } });
    const late = await take(monitor.connect(), 2);
    expect(late[1]).toEqual({ type: "text", id: 1, text: { w1: "Hi", w0: "Yes" }, thought: { w0: "Let me think" } });
});

test("while a request runs its workers are busy until each finishes", async () => {
    const swarm = new ScriptedSwarm();
    const monitor = monitorOf(swarm);
    const feed = monitor.connect();
    swarm.emit({ type: "started", workers: 2, mode: "whole", request: { messages: [{ role: "user", content: "go" }], params: { maxTokens: 8 } } });
    swarm.emit({ type: "finished", result: result("w1", "b") });
    const statuses = (await take(feed, 5)).filter((message) => message.type === "status");
    expect(statuses.map((message) => message.status.workers.map((worker) => worker.busy))).toEqual([[true, true], [true, false]]);
});

test("a request that fails is kept with its error", async () => {
    const swarm = new ScriptedSwarm();
    const monitor = monitorOf(swarm);
    swarm.emit({ type: "started", workers: 2, mode: "whole", request: { messages: [{ role: "user", content: "go" }], params: { maxTokens: 8 } } });
    swarm.emit({ type: "failed", error: "the client went away" });
    const [snapshot] = await take(monitor.connect(), 1);
    expect(snapshot?.type === "snapshot" && snapshot.history[0]).toMatchObject({ state: "failed", error: "the client went away", decision: null });
});

test("a request voted by segments shows each segment as it is decided, and keeps them once decided", async () => {
    const swarm = new ScriptedSwarm();
    const monitor = monitorOf(swarm);
    const feed = monitor.connect();
    swarm.emit({ type: "started", workers: 2, mode: "segments", request: { messages: [{ role: "user", content: "go" }], params: { maxTokens: 8 } } });
    swarm.emit({ type: "segment", segment: { index: 0, text: "Once upon a time.", worker: "w1", agreement: 1, voters: 2 } });
    swarm.emit({ type: "segment", segment: { index: 1, text: " The end.", worker: "w0", agreement: 0.5, voters: 2 } });
    const requests = (await take(feed, 5)).filter((message) => message.type === "request");
    expect(requests.map((message) => message.request.segments.map((segment) => segment.text))).toEqual([[], ["Once upon a time."], ["Once upon a time.", " The end."]]);
    const results = [result("w0", "Once upon a time. The end."), result("w1", "Once upon a time. The end.")];
    swarm.emit({ type: "decided", result: { model: "m", candidates: results, decision: decision(1), promptTokens: 3 } });
    const [snapshot] = await take(monitor.connect(), 1);
    expect(snapshot?.type === "snapshot" && snapshot.history[0]!.segments).toEqual([
        { text: "Once upon a time.", worker: "w1", agreement: 1 },
        { text: " The end.", worker: "w0", agreement: 0.5 }
    ]);
});

/** One node's part in a global vote, answered with `text` unless `error` is given. */
function nodeOutcome(node: string, text: string, won: boolean, error: string | null = null): NodeOutcome {
    return {
        node,
        url: node === "node-a" ? null : "http://10.0.0.2:8000",
        self: node === "node-a",
        error,
        weight: error != null ? null : { vote: 1, weight: 1, source: "neutral", capped: false, reason: "2 workers × local agreement 0.50; neutral weight 1" },
        vote: error != null ? null : {
            node, model: "m", workers: 2, worker: "w1", text, temperature: 0.7, seed: 1, finishReason: "length", tokens: 4, promptTokens: 3,
            latencyMs: 200, strategy: "similarity", agreement: 0.5, confidence: 0.5, candidates: []
        },
        latencyMs: 210,
        score: error != null ? null : won ? 0.8 : 0.2,
        won,
        similarity: error != null ? null : won ? 1 : 0.3
    };
}

test("a federated request's card gets the global vote: the winning node and every node's answer", async () => {
    const swarm = new ScriptedSwarm();
    const outcomes = new Set<(outcome: FederatedOutcome) => void>();
    const monitor = monitorOf(swarm, {
        federation: {
            subscribe: (listener) => {
                outcomes.add(listener);
                return () => outcomes.delete(listener);
            }
        }
    });
    const request: SwarmRequest = { messages: [{ role: "user", content: "go" }], params: { maxTokens: 8 } };
    const local = [result("w0", "a"), result("w1", "b")];
    swarm.emit({ type: "started", workers: 2, mode: "whole", request });
    swarm.emit({ type: "decided", result: { model: "m", candidates: local, decision: decision(1), promptTokens: 3 } });
    const feed = monitor.connect();
    const nodes = [nodeOutcome("node-a", "b", false), nodeOutcome("node-b", "c", true), nodeOutcome("node-c", "", false, "did not answer within 2000 ms")];
    const global = [result("node-a", "b"), result("node-b", "c")];
    for (const listener of outcomes) listener({ request, result: { model: "m", candidates: global, decision: decision(1), promptTokens: 3, nodes } });

    const [snapshot, update] = await take(feed, 2);
    expect(snapshot?.type === "snapshot" && snapshot.history[0]!.federation).toBeNull();
    if (update?.type !== "request") throw new Error("expected the request again, with the global vote");
    expect(update.request).toMatchObject({ id: 1, state: "decided", decision: { winner: "w1" } });
    expect(update.request.candidates.map((candidate) => candidate.worker)).toEqual(["w0", "w1"]);
    expect(update.request.federation).toEqual({
        winner: "node-b",
        strategy: "similarity",
        reason: "prose: similarity",
        agreement: 0.5,
        confidence: 0.5,
        nodes: [
            { node: "node-a", self: true, text: "b", workers: 2, score: 0.2, won: false, error: null, latencyMs: 210, weight: 1, weightReason: "2 workers × local agreement 0.50; neutral weight 1" },
            { node: "node-b", self: false, text: "c", workers: 2, score: 0.8, won: true, error: null, latencyMs: 210, weight: 1, weightReason: "2 workers × local agreement 0.50; neutral weight 1" },
            { node: "node-c", self: false, text: "", workers: null, score: null, won: false, error: "did not answer within 2000 ms", latencyMs: 210, weight: null, weightReason: null }
        ]
    });
    const [later] = await take(monitor.connect(), 1);
    expect(later?.type === "snapshot" && later.history[0]!.federation?.winner).toBe("node-b");

    monitor.dispose();
    expect(outcomes.size).toBe(0);
});

test("idle pages get heartbeat comments", async () => {
    const monitor = monitorOf(new ScriptedSwarm(), { heartbeatMs: 5 });
    const reader = monitor.connect().stream().getReader();
    await reader.read();
    await Bun.sleep(20);
    expect(new TextDecoder().decode((await reader.read()).value)).toStartWith(": ping\n\n");
    await reader.cancel();
    expect(monitor.viewers).toBe(0);
});

test("a page that stops reading is cut off; dispose ends every feed and unsubscribes", async () => {
    const swarm = new ScriptedSwarm();
    const monitor = monitorOf(swarm, { feedLimit: 4 });
    const reading = take(monitor.connect(), 100);
    const stalled = monitor.connect();
    expect(monitor.viewers).toBe(2);
    await swarm.answer("flood");
    expect(stalled.closed).toBe(true);
    expect(monitor.viewers).toBe(1);

    monitor.dispose();
    expect(monitor.viewers).toBe(0);
    expect(swarm.listeners.size).toBe(0);
    expect((await reading).at(-1)).toMatchObject({ type: "status" });
});
