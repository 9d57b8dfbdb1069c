import { createLogger } from "../../log.ts";
import type { Command } from "../command.ts";
import { shutdownOnSignal } from "../shutdownOnSignal.ts";
import { startServer } from "../startServer.ts";

export const serveCommand: Command = {
    name: "serve",
    summary: "Serve the OpenAI-compatible API; every request is answered by all workers and chosen by vote",
    usage: "serve [--model PATH|REF] [--workers N] [--host H] [--port P] [--api-key K]",
    settings: ["model", "catalog", "hfEndpoint", "hfToken", "downloadTimeout", "workers", "threads", "contextSize", "gpu", "maxTokens", "temperature", "temperatureSpread", "strategy", "weights", "abstainBelow", "adaptive", "adaptiveStopAt", "host", "port", "apiKey", "corsOrigins", "maxRequestBytes", "queueSize", "requestTimeout", "shutdownGrace", "stallTimeout", "federation", "swarmSecret", "peer", "mdns", "heartbeatInterval", "peerDeadline", "federateBelow", "logLevel", "logFormat", "tools", "workspace", "toolTimeout", "toolAllow", "toolDeny"],
    options: {},
    async run({ settings, paths, stderr }) {
        const log = createLogger(settings.logLevel, undefined, settings.logFormat);
        const server = await startServer(settings, log, paths, stderr);
        return await shutdownOnSignal(() => server.dispose(), log);
    }
};
