import { vote, wantsExecution, type VoteDefaults, type VoteRequest, type WireDecision } from "../../consensus/index.ts";
import { DeadlineError, InvalidRequestError, OverloadedError, ShuttingDownError } from "../../errors.ts";
import { buildInfo } from "../../runtime/index.ts";

/** One decision for the worker thread. */
export interface VoteJob {
    readonly id: number;
    readonly request: VoteRequest;
    readonly defaults: Omit<VoteDefaults, "runCode">;
}

/** The worker's answer: the decision, or the error as plain data (`invalid`: a 400 with its code). */
export type VoteJobResult =
    | { readonly id: number; readonly decision: WireDecision }
    | { readonly id: number; readonly error: { readonly message: string; readonly invalid: boolean; readonly code?: string; readonly param?: string | null } };

export interface VoteWorkerOptions {
    /** Decisions that may wait behind the running one; past it a request gets 429. Default 16. */
    readonly maxWaiting?: number;
    /** A decision still running after this long is stopped (its thread is terminated); default 30 s. */
    readonly timeoutMs?: number;
}

interface Pending {
    readonly job: VoteJob;
    readonly resolve: (decision: WireDecision) => void;
    readonly reject: (error: Error) => void;
}

/**
 * Runs `vote` on a worker thread, so a decision over many long candidates never holds the event
 * loop that answers `/health`, streams tokens and takes other requests. One decision at a time,
 * a bounded queue (429 past it), and a time limit: a decision that runs past it is stopped by
 * terminating the thread (504), and the next one gets a fresh thread. A decision that runs the
 * candidates' code (`execution`) stays on this thread: it mostly waits on sandboxed processes,
 * and the code runner cannot cross threads.
 */
export class VoteWorker {
    readonly #maxWaiting: number;
    readonly #timeoutMs: number;
    readonly #waiting: Pending[] = [];
    #running: Pending | undefined;
    #timer: ReturnType<typeof setTimeout> | undefined;
    #worker: Worker | undefined;
    #nextId = 0;
    #disposed = false;

    constructor(options: VoteWorkerOptions = {}) {
        this.#maxWaiting = options.maxWaiting ?? 16;
        this.#timeoutMs = options.timeoutMs ?? 30_000;
    }

    vote(request: VoteRequest, defaults: VoteDefaults): Promise<WireDecision> {
        if (this.#disposed) return Promise.reject(new ShuttingDownError("the server is shutting down"));
        const { runCode, ...plain } = defaults;
        if (wantsExecution(request.candidates, request.strategy ?? defaults.strategy ?? "auto", runCode)) return vote(request, defaults);
        if (this.#waiting.length >= this.#maxWaiting)
            return Promise.reject(new OverloadedError(`${this.#waiting.length} consensus decisions are waiting already; retry shortly`, 1));
        return new Promise((resolve, reject) => {
            this.#waiting.push({ job: { id: this.#nextId++, request, defaults: plain }, resolve, reject });
            this.#next();
        });
    }

    /** Stops the thread; decisions still running or waiting are refused. */
    async dispose(): Promise<void> {
        this.#disposed = true;
        const refused = new ShuttingDownError("the server is shutting down");
        for (const pending of this.#waiting.splice(0)) pending.reject(refused);
        this.#settle((running) => running.reject(refused));
        this.#stopThread();
    }

    #next(): void {
        if (this.#running != null) return;
        const pending = this.#waiting.shift();
        if (pending == null) return;
        this.#running = pending;
        this.#timer = setTimeout(() => {
            this.#stopThread();
            const late = new DeadlineError(`the consensus decision took longer than ${this.#timeoutMs / 1000} s and was stopped; send fewer or shorter candidates`, { code: "consensus_timeout" });
            this.#settle((running) => running.reject(late));
        }, this.#timeoutMs);
        this.#thread().postMessage(pending.job);
    }

    #thread(): Worker {
        if (this.#worker != null) return this.#worker;
        // From source the entry sits beside this file; a compiled binary carries it under the project's layout.
        const entry = buildInfo == null ? new URL("./voteWorkerMain.ts", import.meta.url).href : "./src/api/consensus/voteWorkerMain.ts";
        // An idle decision thread never keeps the process alive.
        const worker = new Worker(entry, { ref: false });
        worker.onmessage = (event: MessageEvent<VoteJobResult>) => {
            const result = event.data;
            if (result.id !== this.#running?.job.id) return;
            if ("decision" in result) {
                this.#settle((running) => running.resolve(result.decision));
                return;
            }
            const { message, invalid, code, param } = result.error;
            const error = invalid ? new InvalidRequestError(message, { ...(code == null ? {} : { code }), ...(param == null ? {} : { param }) }) : new Error(message);
            this.#settle((running) => running.reject(error));
        };
        worker.onerror = (event: ErrorEvent) => {
            this.#stopThread();
            this.#settle((running) => running.reject(new Error(`the consensus worker failed: ${event.message}`)));
        };
        this.#worker = worker;
        return worker;
    }

    #stopThread(): void {
        this.#worker?.terminate();
        this.#worker = undefined;
    }

    /** Ends the running decision with `outcome` and starts the next one. */
    #settle(outcome: (running: Pending) => void): void {
        const running = this.#running;
        if (running == null) return;
        clearTimeout(this.#timer);
        this.#running = undefined;
        outcome(running);
        if (!this.#disposed) this.#next();
    }
}
