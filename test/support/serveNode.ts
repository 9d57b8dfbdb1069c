import path from "node:path";
import type { NetnsLan, LanHost, LanProcess } from "./netns.ts";
import { testModelPath } from "./testModel.ts";

export const nodePort = 8100;
export const nodeApiKey = "federation-test-api-key";
const projectRoot = path.resolve(import.meta.dir, "..", "..");

/**
 * Starts a real `local-swarm serve` on the test model inside one host of a test LAN, with its own
 * data dir and no user config; resolves once it serves. Heartbeats are fast so tests are quick.
 */
export async function startServeNode(lan: NetnsLan, host: LanHost, args: readonly string[]): Promise<LanProcess> {
    const node = lan.spawn(
        host,
        [
            process.execPath, "src/cli/main.ts", "serve",
            "--model", await testModelPath(),
            "--workers", "2", "--threads", "1", "--context-size", "512", "--max-tokens", "32",
            "--host", "0.0.0.0", "--port", String(nodePort), "--api-key", nodeApiKey,
            "--heartbeat-interval", "0.5", "--log-level", "debug",
            ...args
        ],
        {
            cwd: projectRoot,
            env: {
                PATH: process.env.PATH ?? "",
                HOME: lan.dir(host, "home"),
                LOCAL_SWARM_DATA_DIR: lan.dir(host, "data"),
                LOCAL_SWARM_CACHE_DIR: lan.dir(host, "cache"),
                LOCAL_SWARM_CONFIG: path.join(lan.dir(host, "config"), "config.json")
            }
        }
    );
    await node.waitFor(/serving .* at http/, 60_000);
    return node;
}

/** Calls a node's API from the test's namespace (through the LAN's bridge). */
export async function callNode(host: LanHost, route: string, init: { method?: string; body?: unknown; timeoutMs?: number } = {}): Promise<Response> {
    return fetch(`http://${host.address}:${nodePort}${route}`, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        headers: { authorization: `Bearer ${nodeApiKey}`, ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        signal: AbortSignal.timeout(init.timeoutMs ?? 60_000)
    });
}
