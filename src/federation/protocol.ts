/**
 * The federation wire protocol, version 2. Peers speak JSON only, over HTTP routes under
 * `/federation/v1/` and `/federation/v2/`, every request and response signed with the swarm secret
 * (see SwarmKey.ts). A change that an older node could misread bumps `protocolVersion` and the route
 * prefix: version 2 adds tool calling on its own route, which a version 1 node does not have, so a
 * tool-calling request can never reach a node that would drop its tools and answer in text. Text
 * requests keep the version 1 route, so version 1 nodes keep voting on them.
 */
export const protocolVersion = 2;

/** The oldest protocol whose nodes still join: version 1 nodes vote on text requests. */
export const oldestProtocolVersion = 1;

/** DNS-SD service type: `_local-swarm._tcp.local`. */
export const serviceType = "local-swarm";

export const federationPaths = {
    hello: "/federation/v1/hello",
    generate: "/federation/v1/generate",
    /** Protocol 2: a request that offers tools or carries tool turns. */
    generateWithTools: "/federation/v2/generate"
} as const;

/** Largest request or response body a peer may send (bytes); past it the exchange fails. */
export const maxPeerBodyBytes = 4 * 1024 * 1024;

/** Bytes of peer request bodies one node reads at once, all peers together (429 past it). */
export const peerBodyBudgetBytes = 4 * maxPeerBodyBytes;

/** A peer request's body must arrive this soon after its headers (a LAN moves 4 MiB in well under a second). */
export const peerBodyTimeoutMs = 15_000;

/** What this node can do for its peers, announced in mDNS and `hello`. */
export const nodeCapabilities = ["generate", "tools"] as const;

/** Bounds of the tool fields (protocol 2): functions offered, calls per message or vote, a description's length. */
export const wireToolLimits = { functions: 128, calls: 64, description: 4096 } as const;

/** Node ids: 16 lowercase hex digits, random, stored once per data dir. */
export const nodeIdPattern = /^[0-9a-f]{16}$/;

/** A peer's answer to `hello` (heartbeat): who it is and what it serves. */
export interface HelloInfo {
    readonly protocol: number;
    readonly id: string;
    /** Random per process run; tells a restarted node, or a cloned id, from the same process. */
    readonly boot: string;
    readonly model: string;
    readonly workers: number;
    readonly capabilities: readonly string[];
    /** Whether the peer announces itself by mDNS (so we should hear it if multicast works). */
    readonly mdns: boolean;
}

/** A tool call in the conversation (protocol 2): arguments are JSON text, as the client sent them. */
export interface WireToolCall {
    readonly id: string;
    readonly name: string;
    readonly arguments: string;
}

export interface WireMessage {
    /** "tool" only in protocol 2. */
    readonly role: "system" | "user" | "assistant" | "tool";
    readonly content: string;
    /** Protocol 2, on an assistant message: the calls it made. */
    readonly toolCalls?: readonly WireToolCall[];
    /** Protocol 2, on a tool message: the call it answers. */
    readonly toolCallId?: string;
}

/** A function offered to the model (protocol 2); the receiving node checks it as it checks a client's. */
export interface WireFunction {
    readonly name: string;
    readonly description?: string;
    readonly parameters: object;
}

/** Tool calling as the receiving node parsed it (protocol 2). */
export interface WireTools {
    readonly functions: readonly WireFunction[];
    readonly choice: "auto" | "required" | { readonly name: string };
    readonly parallel: boolean;
}

/** A call a node voted for (protocol 2): arguments as a JSON value. */
export interface WireProposedCall {
    readonly name: string;
    readonly arguments: unknown;
}

export type WireFormat = { readonly kind: "json" } | { readonly kind: "jsonSchema"; readonly schema: object };

/** Thinking options of a request (optional: a node that omits them leaves the peer's defaults). */
export interface WireThinking {
    readonly enabled?: boolean;
    readonly budget?: number;
    readonly effort?: "low" | "medium" | "high";
}

/** Phase 1 request: the client's request as the receiving node normalised it. */
export interface GenerateRequestBody {
    readonly messages: readonly WireMessage[];
    readonly params: {
        readonly maxTokens: number;
        readonly temperature?: number;
        readonly topP?: number;
        readonly seed?: number;
        readonly stop?: readonly string[];
        readonly format?: WireFormat;
        readonly thinking?: WireThinking;
    };
    readonly strategy?: string;
    readonly adaptive?: boolean;
    /** Protocol 2: the functions offered (sent only on `generateWithTools`). */
    readonly tools?: WireTools;
}

/** One local candidate, summarised (no text: only the winner's text crosses the network). */
export interface CandidateSummary {
    readonly worker: string;
    readonly tokens: number;
    readonly latencyMs: number;
    readonly finishReason: string;
    /** Its score in the node's local vote; null for a worker that failed. */
    readonly score: number | null;
}

/** Phase 1 answer: a node's local winner and how its local vote went. */
export interface NodeVote {
    readonly node: string;
    readonly model: string;
    readonly workers: number;
    /** The local winner: which worker, its text and how it sampled. */
    readonly worker: string;
    /** The winner's final answer (what the global vote compares). */
    readonly text: string;
    /** The winner's thinking, sent apart from its answer; absent when it did not think. */
    readonly thought?: string;
    /** Of `tokens`, those the winner spent thinking. */
    readonly thoughtTokens?: number;
    /** The winner was cut off while thinking: `text` is empty (no worker of the node finished thinking). */
    readonly cutWhileThinking?: boolean;
    readonly temperature: number;
    readonly seed: number;
    readonly finishReason: string;
    readonly tokens: number;
    readonly promptTokens: number;
    readonly latencyMs: number;
    readonly strategy: string;
    readonly agreement: number;
    readonly confidence: number;
    readonly candidates: readonly CandidateSummary[];
    /** Protocol 2: the calls the node's workers voted for; absent when they answered in text. */
    readonly toolCalls?: readonly WireProposedCall[];
}
