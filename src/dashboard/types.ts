/**
 * What the dashboard's event stream carries, shared by the server (`SwarmMonitor`) and the page's
 * script. Every message is one SSE event whose name is `type` and whose data is the JSON object.
 */

/** The machine this node runs on, as the page shows it. */
export interface MachineInfo {
    readonly model: string;
    readonly backend: string | null;
    readonly threads: number | null;
    readonly platform: string | null;
    readonly cpu: string | null;
    readonly cores: number | null;
    readonly memoryBytes: number | null;
    readonly gpus: readonly { readonly name: string; readonly memoryBytes: number | null }[];
}

export interface WorkerView {
    readonly id: string;
    readonly busy: boolean;
    /** Tokens per second of the worker's last finished answer; null before its first. */
    readonly tokensPerSecond: number | null;
}

export interface StatusView {
    readonly workers: readonly WorkerView[];
    readonly queued: number;
    readonly queueSize: number;
    readonly served: number;
    /** Pages watching this node's event stream right now. */
    readonly viewers: number;
}

export interface CandidateView {
    readonly worker: string;
    /** The answer, cut to `SwarmMonitor`'s text limit. */
    readonly text: string;
    /** Tool calls the worker proposed, as `name({...})`. */
    readonly calls: readonly string[];
    readonly tokens: number;
    readonly latencyMs: number;
    readonly tokensPerSecond: number;
    readonly finishReason: string;
    readonly temperature: number;
    /** Null for workers that did not vote (failed, or stopped early). */
    readonly score: number | null;
    readonly error: string | null;
}

/** One request this node's workers answered, as the history shows it. */
export interface RequestView {
    readonly id: number;
    /** ISO time the workers started. */
    readonly startedAt: string;
    /** The last user message, cut to a preview. */
    readonly prompt: string;
    readonly state: "running" | "decided" | "failed";
    readonly candidates: readonly CandidateView[];
    readonly decision: DecisionView | null;
    readonly error: string | null;
    readonly durationMs: number | null;
    /** The global vote when the request was federated: `decision` is then this node's own local vote. */
    readonly federation: FederationView | null;
    /** A `segments` answer's pieces as they are decided; empty for other modes. */
    readonly segments: readonly SegmentView[];
}

export interface SegmentView {
    readonly text: string;
    /** The worker whose segment won. */
    readonly worker: string;
    readonly agreement: number;
}

export interface DecisionView {
    readonly strategy: string;
    readonly reason: string;
    readonly winner: string;
    readonly agreement: number;
    readonly confidence: number;
    readonly abstain: boolean;
    /** Every worker's generated tokens per second of the request's wall time. */
    readonly tokensPerSecond: number;
}

/** How the nodes of a federated swarm voted on one request. */
export interface FederationView {
    /** Node id of the global winner. */
    readonly winner: string;
    readonly strategy: string;
    readonly reason: string;
    readonly agreement: number;
    readonly confidence: number;
    readonly nodes: readonly NodeView[];
}

/** One node's vote: its local winner's text and how it fared globally. */
export interface NodeView {
    readonly node: string;
    /** True for this node. */
    readonly self: boolean;
    /** Its answer, cut like a candidate's; empty when its vote was dropped. */
    readonly text: string;
    /** Null when its vote was dropped. */
    readonly workers: number | null;
    readonly score: number | null;
    readonly won: boolean;
    /** Why its vote was dropped; null when it answered. */
    readonly error: string | null;
    readonly latencyMs: number;
    /** Its per-worker vote weight and why (null when its vote was dropped). */
    readonly weight: number | null;
    readonly weightReason: string | null;
}

export type DashboardMessage =
    | { readonly type: "snapshot"; readonly machine: MachineInfo; readonly status: StatusView; readonly history: readonly RequestView[] }
    | { readonly type: "status"; readonly status: StatusView }
    /** A new request, or a running one that changed: a worker finished, the vote is in, it failed. */
    | { readonly type: "request"; readonly request: RequestView }
    /**
     * Text the workers produced since the last `text` message, by worker id; `thought`: their
     * thinking since then, likewise (models that think before they answer).
     */
    | { readonly type: "text"; readonly id: number; readonly text: Readonly<Record<string, string>>; readonly thought?: Readonly<Record<string, string>> };
