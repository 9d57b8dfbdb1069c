import { ConfigError } from "../../errors.ts";
import { createLogger } from "../../log.ts";
import type { Command } from "../command.ts";
import { askWithTools } from "../askWithTools.ts";
import { askLocalServer } from "../askLocalServer.ts";
import { findLocalServer } from "../localServer.ts";
import { loadSwarm } from "../loadSwarm.ts";
import { printVote } from "../printVote.ts";

export const askCommand: Command = {
    name: "ask",
    summary: "Ask the swarm once in the terminal: prints every worker's answer, every score and the winner",
    usage: "ask [--model PATH|REF] [--workers N] [--json] [--local] [--tools [--yes] [--tool-choice C]] \"prompt\"",
    settings: ["host", "port", "apiKey", "model", "catalog", "hfEndpoint", "hfToken", "downloadTimeout", "workers", "threads", "contextSize", "gpu", "maxTokens", "temperature", "temperatureSpread", "strategy", "weights", "abstainBelow", "adaptive", "adaptiveStopAt", "tools", "workspace", "toolTimeout", "toolAllow", "toolDeny", "stallTimeout"],
    options: {
        system: { kind: "string", description: "System message to put before the prompt" },
        seed: { kind: "integer", description: "Seed (worker i uses seed + i) for a reproducible vote" },
        json: { kind: "boolean", description: "Print the whole result as JSON" },
        yes: { kind: "boolean", description: "With --tools: run every write and command without asking" },
        toolChoice: { kind: "string", description: "With --tools: tool_choice of the first round (auto, required, none, or a tool name; default auto)" },
        local: { kind: "boolean", description: "Load the model in this process even when a local server (--host, --port) serves it" }
    },
    async run({ settings, options, positionals, paths, configFile, stdin, stdout, stderr }) {
        const prompt = positionals.join(" ").trim();
        if (prompt === "") throw new ConfigError("nothing to ask: give the prompt as an argument, e.g. local-swarm ask --model m.gguf \"Once upon a time\"");
        const seed = options.seed == null ? undefined : Number(options.seed);
        if (seed != null && !Number.isInteger(seed)) throw new ConfigError("--seed must be a whole number");
        const messages = [
            ...(typeof options.system === "string" ? [{ role: "system" as const, content: options.system }] : []),
            { role: "user" as const, content: prompt }
        ];
        // Like `ollama run`: a server already serving this model answers, instead of a second copy of it in memory.
        const server = settings.tools || options.local === true ? undefined : await findLocalServer(settings);
        if (server != null) {
            const answer = await askLocalServer(server, settings.apiKey, messages, settings.maxTokens, seed);
            if ("view" in answer) {
                stderr.write(`ask: answered by the local server at ${server.url} (${server.model}); --local loads the model here instead\n`);
                if (options.json === true) stdout.write(JSON.stringify(answer.completion, null, 2) + "\n");
                else printVote(answer.view, stdout);
                return 0;
            }
            stderr.write(`ask: the local server at ${server.url} refused (${answer.refused}); loading the model in this process\n`);
        }
        const { swarm } = await loadSwarm(settings, { paths, log: createLogger("warn"), stderr });
        try {
            if (settings.tools)
                return await askWithTools({
                    swarm,
                    settings,
                    paths: { dataDir: paths.dataDir, cacheDir: paths.cacheDir, configFile: configFile.path },
                    messages,
                    seed,
                    yes: options.yes === true,
                    toolChoice: typeof options.toolChoice === "string" ? options.toolChoice : "auto",
                    json: options.json === true,
                    stdin,
                    stdout
                });
            const result = await swarm.run({ messages, params: { maxTokens: settings.maxTokens, seed } });
            if (options.json === true) {
                stdout.write(JSON.stringify(result, null, 2) + "\n");
                return 0;
            }
            const { decision } = result;
            printVote({
                candidates: result.candidates.map((candidate, index) => ({ ...candidate, score: decision.scores[index] ?? null })),
                winner: decision.winner,
                strategy: decision.strategy,
                agreement: decision.agreement,
                confidence: decision.confidence
            }, stdout);
            return 0;
        } finally {
            await swarm.dispose();
        }
    }
};
