import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Subprocess } from "bun";

/**
 * A throwaway LAN for integration tests: `hosts` network namespaces, each with one veth joined to
 * a bridge in the test's own namespace, on a private /24 no route of this machine uses. Names are
 * unique per run. `dispose()` kills every process started in it and deletes it all; an exit hook
 * (and SIGINT/SIGTERM) deletes the namespaces and bridge if a test run dies first. Needs root
 * (CAP_NET_ADMIN) and iproute2 (`ip`, `bridge`).
 *
 * `multicast: false` builds a LAN whose switch drops multicast (the bridge ports do not flood
 * it), like Wi-Fi client isolation or a cloud network: unicast works, mDNS does not.
 */
export interface LanOptions {
    readonly hosts?: number;
    readonly multicast?: boolean;
}

export interface LanHost {
    readonly index: number;
    readonly namespace: string;
    readonly address: string;
}

export interface LanProcess {
    readonly host: LanHost;
    readonly process: Subprocess<"ignore", "pipe", "pipe">;
    /** Everything the process wrote to stdout and stderr so far. */
    output(): string;
    /** Resolves once the output matches `pattern`; rejects (with the output) after `timeoutMs` or if it exits. */
    waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
    /** SIGKILL, as a crash or a pulled plug would. */
    kill(): Promise<void>;
}

const live = new Set<NetnsLan>();

/** While any LAN exists, a dying test run still deletes them (hooks removed with the last LAN). */
function teardownAll(): void {
    for (const lan of [...live]) lan.teardownNow();
}
function onSignal(): void {
    teardownAll();
    process.exit(130);
}
function track(lan: NetnsLan): void {
    live.add(lan);
    if (live.size > 1) return;
    process.on("exit", teardownAll);
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
}
function untrack(lan: NetnsLan): void {
    if (!live.delete(lan) || live.size > 0) return;
    process.off("exit", teardownAll);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
}

function ip(args: readonly string[]): { ok: boolean; output: string } {
    const result = Bun.spawnSync(["ip", ...args], { stdout: "pipe", stderr: "pipe" });
    return { ok: result.exitCode === 0, output: `${result.stdout.toString()}${result.stderr.toString()}`.trim() };
}

function must(args: readonly string[], what: string): string {
    let result: { ok: boolean; output: string };
    try {
        result = ip(args);
    } catch (error) {
        throw new Error(`cannot ${what}: the "ip" command (iproute2) is not available (${(error as Error).message})`);
    }
    if (!result.ok)
        throw new Error(
            `cannot ${what}: \`ip ${args.join(" ")}\` failed: ${result.output}\n` +
            "The federation tests build network namespaces; they need root (CAP_NET_ADMIN) and iproute2."
        );
    return result.output;
}

function command(name: string, args: readonly string[]): { ok: boolean; output: string } {
    const result = Bun.spawnSync([name, ...args], { stdout: "pipe", stderr: "pipe" });
    return { ok: result.exitCode === 0, output: `${result.stdout.toString()}${result.stderr.toString()}`.trim() };
}

/** A 10.x.y.0/24 that overlaps none of this machine's IPv4 routes. */
function freeSubnet(): string {
    const routes = must(["-4", "route", "show", "table", "all"], "list routes")
        .split("\n")
        .map((line) => line.split(" ")[0] ?? "")
        .filter((prefix) => /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(prefix));
    const toInt = (address: string) => address.split(".").reduce((sum, part) => sum * 256 + Number(part), 0);
    const overlaps = (base: number) =>
        routes.some((route) => {
            const [address, bits = "32"] = route.split("/");
            const size = 2 ** (32 - Number(bits));
            const start = Math.floor(toInt(address!) / size) * size;
            return base < start + size && start < base + 256;
        });
    for (let attempt = 0; attempt < 200; attempt++) {
        const [a, b] = crypto.randomBytes(2);
        const prefix = `10.${100 + (a! % 150)}.${b}`;
        if (!overlaps(toInt(`${prefix}.0`))) return prefix;
    }
    throw new Error("cannot find a free 10.x.y.0/24 for the test LAN");
}

export class NetnsLan {
    readonly hosts: readonly LanHost[];
    /** Address of the bridge in the test's namespace, so the test itself can reach the hosts. */
    readonly gateway: string;
    readonly #id: string;
    readonly #bridge: string;
    readonly #processes = new Set<LanProcess>();
    readonly #tempDir: string;
    #disposed = false;

    private constructor(id: string, prefix: string, count: number) {
        this.#id = id;
        this.#bridge = `lsb${id}`;
        this.gateway = `${prefix}.254`;
        this.hosts = Array.from({ length: count }, (_, index) => ({ index, namespace: `ls-${id}-h${index}`, address: `${prefix}.${index + 1}` }));
        this.#tempDir = fs.mkdtempSync(path.join(os.tmpdir(), `local-swarm-lan-${id}-`));
    }

    static create(options: LanOptions = {}): NetnsLan {
        const count = options.hosts ?? 3;
        const lan = new NetnsLan(crypto.randomBytes(3).toString("hex"), freeSubnet(), count);
        track(lan);
        try {
            lan.#build(options.multicast !== false);
        } catch (error) {
            lan.teardownNow();
            throw error;
        }
        return lan;
    }

    /** A fresh directory for one host's files (data dir, config), removed on dispose. */
    dir(host: LanHost, name: string): string {
        const dir = path.join(this.#tempDir, `h${host.index}-${name}`);
        fs.mkdirSync(dir, { recursive: true });
        return dir;
    }

    /** Starts `argv` inside the host's namespace. */
    spawn(host: LanHost, argv: readonly string[], options: { env?: Record<string, string>; cwd?: string } = {}): LanProcess {
        if (this.#disposed) throw new Error("the test LAN is already disposed");
        const child = Bun.spawn(["ip", "netns", "exec", host.namespace, ...argv], {
            cwd: options.cwd,
            env: options.env,
            stdin: "ignore",
            stdout: "pipe",
            stderr: "pipe"
        });
        let text = "";
        const waiters = new Set<() => void>();
        const pump = async (stream: ReadableStream<Uint8Array>) => {
            const decoder = new TextDecoder();
            const reader = stream.getReader();
            for (;;) {
                const { done, value } = await reader.read();
                if (done) break;
                text += decoder.decode(value, { stream: true });
                for (const wake of waiters) wake();
            }
        };
        void pump(child.stdout);
        void pump(child.stderr);
        void child.exited.then(() => {
            for (const wake of waiters) wake();
        });
        const handle: LanProcess = {
            host,
            process: child,
            output: () => text,
            waitFor: (pattern, timeoutMs = 30_000) =>
                new Promise<void>((resolve, reject) => {
                    const check = () => {
                        if (pattern.test(text)) done(resolve);
                        else if (child.exitCode != null || child.signalCode != null)
                            done(() => reject(new Error(`process on ${host.namespace} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${text}`)));
                    };
                    const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern} on ${host.namespace}:\n${text}`))), timeoutMs);
                    const done = (settle: () => void) => {
                        clearTimeout(timer);
                        waiters.delete(check);
                        settle();
                    };
                    waiters.add(check);
                    check();
                }),
            kill: async () => {
                child.kill("SIGKILL");
                await child.exited;
            }
        };
        this.#processes.add(handle);
        return handle;
    }

    async dispose(): Promise<void> {
        if (this.#disposed) return;
        for (const handle of this.#processes) handle.process.kill("SIGKILL");
        await Promise.all([...this.#processes].map((handle) => handle.process.exited));
        this.teardownNow();
    }

    #build(multicast: boolean): void {
        must(["link", "add", this.#bridge, "type", "bridge"], "create a bridge for the test LAN");
        must(["addr", "add", `${this.gateway}/24`, "dev", this.#bridge], "address the test LAN's bridge");
        must(["link", "set", this.#bridge, "up"], "bring the test LAN's bridge up");
        for (const host of this.hosts) {
            const port = `lsv${this.#id}${host.index}`;
            must(["netns", "add", host.namespace], "create a network namespace");
            must(["link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", host.namespace], "create a veth pair");
            must(["link", "set", port, "master", this.#bridge], "attach a veth to the bridge");
            must(["link", "set", port, "up"], "bring a veth up");
            if (!multicast) {
                const result = command("bridge", ["link", "set", "dev", port, "mcast_flood", "off"]);
                if (!result.ok) throw new Error(`cannot stop the test bridge from forwarding multicast: ${result.output}`);
            }
            must(["-n", host.namespace, "link", "set", "lo", "up"], "bring up loopback in a namespace");
            must(["-n", host.namespace, "addr", "add", `${host.address}/24`, "dev", "eth0"], "address a namespace");
            must(["-n", host.namespace, "link", "set", "eth0", "up"], "bring up a namespace's interface");
            // Like a real LAN host: a default route, so multicast has a way out.
            must(["-n", host.namespace, "route", "add", "default", "via", this.gateway, "dev", "eth0"], "add a default route in a namespace");
        }
    }

    /** Kills the LAN's processes and deletes it at once (synchronous, for exit hooks); prefer `dispose()`. */
    teardownNow(): void {
        this.#disposed = true;
        untrack(this);
        for (const handle of this.#processes) if (handle.process.exitCode == null) handle.process.kill("SIGKILL");
        for (const host of this.hosts) ip(["netns", "del", host.namespace]);
        ip(["link", "del", this.#bridge]);
        fs.rmSync(this.#tempDir, { recursive: true, force: true });
    }
}
