/**
 * A federation node without a model, for the discovery tests: the real identity, signed peer
 * routes, registry and mDNS discovery, served with Bun.serve; `GET /report` shows what it sees.
 * Usage: bun discoveryNode.ts --port P --secret S --data-dir D [--peer H:P]... [--no-mdns] [--heartbeat SECONDS]
 */
import { parseArgs } from "node:util";
import { EngineError } from "../../src/errors.ts";
import { Federation } from "../../src/federation/index.ts";

const { values } = parseArgs({
    options: {
        port: { type: "string" },
        secret: { type: "string" },
        "data-dir": { type: "string" },
        peer: { type: "string", multiple: true, default: [] },
        "no-mdns": { type: "boolean", default: false },
        heartbeat: { type: "string", default: "0.5" }
    }
});
const port = Number(values.port);
const federation = new Federation({
    secret: values.secret ?? "",
    dataDir: values["data-dir"] ?? "",
    port,
    model: "no-model",
    workers: 1,
    peers: values.peer,
    mdns: !values["no-mdns"],
    heartbeatIntervalMs: Number(values.heartbeat) * 1000,
    vote: async () => {
        throw new EngineError("this discovery test node has no model");
    }
});
const server = Bun.serve({
    hostname: "0.0.0.0",
    port,
    fetch: (request, srv) =>
        new URL(request.url).pathname === "/report"
            ? Response.json(federation.report())
            : federation.handler.handle(request, srv.requestIP(request)?.address)
});
federation.start();
process.stdout.write(`listening on ${server.port} as ${federation.identity.id}\n`);
process.on("SIGTERM", async () => {
    await federation.dispose();
    server.stop(true);
    process.exit(0);
});
