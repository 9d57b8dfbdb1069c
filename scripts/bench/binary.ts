import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { testModelPath } from "../../test/support/testModel.ts";
import { buildBinary } from "../build/buildBinary.ts";
import { buildTargets } from "../build/targets.ts";
import { freePort, startAndTimeHealth } from "../timeToHealth.ts";
import { median, printTable } from "./table.ts";

/**
 * Issue 6's figures: the linux-x64 binary's size, and its time from start to a ready `/health` on
 * the test model — cold (first start, the runtime unpacks) and warm (cache reused) — run alone from
 * an empty folder with a fresh HOME and an empty PATH, as a user would.
 */
export async function benchBinary(options: { readonly runs: number; readonly threads: number }): Promise<void> {
    const projectRoot = path.resolve(import.meta.dir, "..", "..");
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-bench-binary-"));
    try {
        const target = buildTargets.find((candidate) => candidate.name === "linux-x64")!;
        const built = await buildBinary({ target, variant: "cpu", projectRoot, outDir: path.join(work, "dist") });
        const model = path.join(work, "model.gguf");
        fs.copyFileSync(await testModelPath(), model);
        const binary = path.join(work, "run", "local-swarm");
        fs.mkdirSync(path.dirname(binary));
        fs.copyFileSync(built.file, binary);
        fs.chmodSync(binary, 0o755);
        fs.mkdirSync(path.join(work, "empty-path"));

        const cold: number[] = [];
        const warm: number[] = [];
        for (let run = 0; run < options.runs; run++) {
            const home = path.join(work, `home-${run}`);
            fs.mkdirSync(home);
            const env = { HOME: home, PATH: path.join(work, "empty-path") };
            for (const times of [cold, warm]) {
                const server = await startAndTimeHealth({
                    command: [binary],
                    serveArgs: ["--model", model, "--workers", "2", "--threads", String(options.threads), "--no-federation"],
                    port: freePort(),
                    env,
                    cwd: path.dirname(binary)
                });
                times.push(server.msToHealthy);
                await server.stop();
            }
        }
        console.log(`## Compiled binary (linux-x64, cpu), median of ${options.runs} runs\n`);
        printTable(["figure", "value", "target"], [
            ["binary size", `${(built.size / 1e6).toFixed(1)} MB (${(built.size / 2 ** 20).toFixed(1)} MiB)`, "≤ 130 MB"],
            ["embedded runtime", `${(built.runtimeSize / 2 ** 20).toFixed(1)} MiB`, ""],
            ["cold start → ready /health", `${median(cold).toFixed(0)} ms`, ""],
            ["warm start → ready /health", `${median(warm).toFixed(0)} ms`, ""]
        ]);
        console.log("");
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}
