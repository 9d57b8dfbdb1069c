import { expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnServer } from "../scripts/load/spawnServer.ts";
import { mulberry32 } from "../src/consensus/index.ts";
import { testModelPath } from "./support/testModel.ts";

/**
 * The heaviest `/v1/consensus` request the limits let through (256 candidates of about 15 KB,
 * `similarity`: it froze the whole server for 24 s) against the real `serve`, with `/health`
 * probed all the while: the probes must stay prompt, and the request must get an answer or a
 * clear error.
 */
test("one huge similarity decision does not hold /health", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-consensus-"));
    const server = spawnServer(
        ["--model", await testModelPath(), "--workers", "1", "--threads", "1", "--context-size", "512"],
        { HOME: home, LOCAL_SWARM_DATA_DIR: path.join(home, "data"), LOCAL_SWARM_CACHE_DIR: path.join(home, "cache"), LOCAL_SWARM_CONFIG: path.join(home, "none.json") }
    );
    try {
        const url = await server.listening;
        const candidates = Array.from({ length: 256 }, (_, index) => {
            const next = mulberry32(index + 1);
            return { text: Array.from({ length: 2500 }, () => `w${Math.floor(next() * 5000)}`).join(" ") };
        });
        const body = JSON.stringify({ strategy: "similarity", candidates });
        expect(body.length).toBeGreaterThan(3_500_000);
        let answered = false;
        const started = performance.now();
        const decision = fetch(`${url}/v1/consensus`, { method: "POST", headers: { "content-type": "application/json" }, body }).then(async (response) => {
            answered = true;
            return { status: response.status, json: (await response.json()) as { strategy?: string; used?: number; error?: { code: string } } };
        });
        const probes: number[] = [];
        while (!answered) {
            const sent = performance.now();
            expect((await fetch(`${url}/health`)).status).toBe(200);
            probes.push(performance.now() - sent);
            await Bun.sleep(50);
        }
        const { status, json } = await decision;
        const seconds = (performance.now() - started) / 1000;
        probes.sort((a, b) => a - b);
        console.log(`consensus ${status} in ${seconds.toFixed(1)} s; /health ${probes.length} probes, median ${probes[probes.length >> 1]!.toFixed(0)} ms, max ${probes.at(-1)!.toFixed(0)} ms`);
        if (status === 200) expect(json).toMatchObject({ strategy: "similarity", used: 256 });
        else expect(json.error?.code).toBe("consensus_timeout");
        expect(probes.length).toBeGreaterThan(0);
        // The decision used to run on the event loop: /health waited for all of it (24 s). Generous for a loaded machine.
        expect(probes.at(-1)!).toBeLessThan(1_000);
    } finally {
        server.kill();
        fs.rmSync(home, { recursive: true, force: true });
    }
}, 120_000);
