// A serving process for the benchmark: prints its URL, serves until SIGTERM, then prints its peak RSS.
// Usage: bun serveChild.ts MODEL WORKERS THREADS [CONTEXT_SIZE]
import { resolveSettings, userPaths } from "../../src/config/index.ts";
import { startServer } from "../../src/cli/startServer.ts";
import { silentLogger } from "../../src/log.ts";

const [modelPath, workers, threads, contextSize] = process.argv.slice(2);
// The stall watchdog is set far out: on a machine shared with other work, a long prompt on a large
// model can go a minute without a token, and the benchmark measures speed, not the watchdog.
const settings = resolveSettings({ flags: { model: modelPath, workers, threads, contextSize: Number(contextSize ?? 1024), stallTimeout: 900, port: 0, logLevel: "error" } });
const server = await startServer(settings, silentLogger, userPaths());
console.log(server.url);
process.once("SIGTERM", async () => {
    await server.dispose();
    console.log(process.resourceUsage().maxRSS * 1024);
    process.exit(0);
});
