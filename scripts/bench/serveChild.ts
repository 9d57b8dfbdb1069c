// A serving process for the benchmark: prints its URL, serves until SIGTERM, then prints its peak RSS.
import { resolveSettings, userPaths } from "../../src/config/index.ts";
import { startServer } from "../../src/cli/startServer.ts";
import { silentLogger } from "../../src/log.ts";

const [modelPath, workers, threads] = process.argv.slice(2);
const settings = resolveSettings({ flags: { model: modelPath, workers, threads, contextSize: 1024, port: 0, logLevel: "error" } });
const server = await startServer(settings, silentLogger, userPaths());
console.log(server.url);
process.once("SIGTERM", async () => {
    await server.dispose();
    console.log(process.resourceUsage().maxRSS * 1024);
    process.exit(0);
});
