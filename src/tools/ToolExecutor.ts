import path from "node:path";
import { CancelledError, DeadlineError, InvalidRequestError, NotFoundError } from "../errors.ts";
import type { CommandPolicy } from "./commandPolicy.ts";
import { detectSandbox, type Sandbox } from "./detectSandbox.ts";
import { executeBashTool } from "./executeBashTool.ts";
import { readFileTool } from "./readFileTool.ts";
import type { SafeFetchOptions } from "./safeFetch.ts";
import type { Tool, ToolDefinition, ToolOutput } from "./Tool.ts";
import { validateJson } from "./validateJson.ts";
import { webfetchTool } from "./webfetchTool.ts";
import { Workspace } from "./Workspace.ts";
import { writeFileTool } from "./writeFileTool.ts";

export interface ToolExecutorOptions {
    /** The folder tools may touch; created if missing. */
    readonly workspace: string;
    /** Paths the file tools must never read or write (the server's config file). */
    readonly protectedPaths?: readonly string[];
    /** Paths commands must not see (default `defaultHiddenPaths()`); used when the sandbox is detected here. */
    readonly hiddenPaths?: readonly string[];
    /** Longest a tool call may run (default 30 s): an execute_bash command, a webfetch, any call. */
    readonly timeoutSeconds?: number;
    /** Default: no allow list, nothing denied. */
    readonly policy?: CommandPolicy;
    /** Default: the strongest sandbox that works here (`detectSandbox`), hiding `hiddenPaths`. */
    readonly sandbox?: Sandbox;
    /** Limits and, in tests, the resolver and address policy of webfetch. */
    readonly fetch?: Omit<SafeFetchOptions, "signal">;
    readonly maxReadBytes?: number;
    readonly maxWriteBytes?: number;
    /** Environment execute_bash scrubs (default process.env). */
    readonly env?: NodeJS.ProcessEnv;
}

/** What `GET /v1/tools` shows: the tools, the workspace, and what the sandbox really enforces. */
export interface ToolListing {
    readonly workspace: string;
    readonly sandbox: Pick<Sandbox, "kind" | "network" | "filesystem" | "processTree" | "secretsHidden" | "view" | "summary">;
    readonly tools: readonly ToolDefinition[];
}

/** What `/health` shows of the tools: calls running, and how many of them are past their deadline. */
export interface ToolHealth {
    readonly running: number;
    /** Calls whose work still runs after their caller was answered with a deadline error: a stuck executor. */
    readonly stuck: number;
}

/** Time a call gets past its timeout to finish on its own (a killed command's pipes, a closing file). */
const graceMs = 5_000;

/**
 * Runs read_file, write_file, execute_bash and webfetch for the API, the chat loop and the CLI.
 * Arguments are checked against each tool's schema before anything runs. Every call has a deadline
 * (the timeout plus a grace): past it the call is aborted and its caller gets a 504 even if the
 * work itself never returns, and `health()` counts it as stuck until it does. `dispose()` cancels
 * every call in flight (killing its commands).
 */
export class ToolExecutor {
    private readonly tools: ReadonlyMap<string, Tool>;
    /** One controller per call in flight, with when it must be done; only `execute` adds and removes them. */
    private readonly inFlight = new Map<AbortController, number>();
    private disposed = false;

    private constructor(readonly workspace: Workspace, readonly sandbox: Sandbox, tools: readonly Tool[], private readonly deadlineMs: number) {
        this.tools = new Map(tools.map((tool) => [tool.name, tool]));
    }

    static async create(options: ToolExecutorOptions): Promise<ToolExecutor> {
        const protectedPaths = (options.protectedPaths ?? []).map((file) => path.resolve(file));
        const workspace = await Workspace.open(options.workspace, { protectedPaths, maxReadBytes: options.maxReadBytes, maxWriteBytes: options.maxWriteBytes });
        const sandbox = options.sandbox ?? await detectSandbox({ hidden: options.hiddenPaths });
        const timeoutSeconds = options.timeoutSeconds ?? 30;
        // Each tool's `run` takes its own argument shape, which `execute` checks against its schema.
        const tools = [
            readFileTool(workspace),
            writeFileTool(workspace),
            executeBashTool(workspace, {
                sandbox,
                policy: options.policy ?? { allow: [], deny: [] },
                timeoutSeconds,
                env: options.env
            }),
            webfetchTool({ ...options.fetch, timeoutMs: Math.min(options.fetch?.timeoutMs ?? Infinity, timeoutSeconds * 1000) })
        ] as Tool[];
        return new ToolExecutor(workspace, sandbox, tools, timeoutSeconds * 1000 + graceMs);
    }

    definitions(): ToolDefinition[] {
        return [...this.tools.values()].map(({ name, description, parameters, mutates }) => ({ name, description, parameters, mutates }));
    }

    describe(): ToolListing {
        const { kind, network, filesystem, processTree, secretsHidden, view, summary } = this.sandbox;
        return { workspace: this.workspace.root, sandbox: { kind, network, filesystem, processTree, secretsHidden, view, summary }, tools: this.definitions() };
    }

    /** Runs one tool. `args` is an object or its JSON text (as in a chat tool call). */
    async execute(name: string, args: unknown, signal?: AbortSignal): Promise<ToolOutput> {
        if (this.disposed) throw new CancelledError("the tool executor has shut down");
        const tool = this.tools.get(name);
        if (tool == null) throw new NotFoundError(`unknown tool "${name}"; available: ${[...this.tools.keys()].join(", ")}`, { code: "unknown_tool", param: "name" });
        const parsed = parseArguments(args);
        const problem = validateJson(tool.parameters, parsed, "arguments");
        if (problem != null) throw new InvalidRequestError(`${name}: ${problem}`, { code: "invalid_tool_arguments", param: "arguments" });

        const controller = new AbortController();
        const onAbort = () => controller.abort(signal?.reason);
        signal?.addEventListener("abort", onAbort, { once: true });
        if (signal?.aborted === true) controller.abort(signal.reason);
        this.inFlight.set(controller, performance.now() + this.deadlineMs);
        const work = tool.run(parsed as Record<string, unknown>, controller.signal).finally(() => {
            this.inFlight.delete(controller);
            signal?.removeEventListener("abort", onAbort);
        });
        let timer: ReturnType<typeof setTimeout> | undefined;
        const deadline = new Promise<never>((_resolve, reject) => {
            timer = setTimeout(() => {
                const error = new DeadlineError(`${name} did not finish within ${Math.round(this.deadlineMs / 1000)} s`);
                controller.abort(error);
                reject(error);
            }, this.deadlineMs);
        });
        try {
            return await Promise.race([work, deadline]);
        } finally {
            clearTimeout(timer);
        }
    }

    /** Calls running now, and those past their deadline whose work has not come back. */
    health(): ToolHealth {
        const now = performance.now();
        return { running: this.inFlight.size, stuck: [...this.inFlight.values()].filter((deadline) => deadline < now).length };
    }

    /** Cancels every call in flight; later calls are refused. */
    dispose(): void {
        this.disposed = true;
        for (const controller of this.inFlight.keys()) controller.abort(new CancelledError("the tool executor has shut down"));
    }
}

function parseArguments(args: unknown): unknown {
    if (args == null || args === "") return {};
    if (typeof args !== "string") return args;
    try {
        return JSON.parse(args);
    } catch (error) {
        throw new InvalidRequestError(`tool arguments are not valid JSON: ${(error as Error).message}`, { code: "invalid_tool_arguments", param: "arguments", cause: error });
    }
}
