import { ConfigError } from "../../errors.ts";
import { createLogger } from "../../log.ts";
import type { Command } from "../command.ts";
import { askWithTools } from "../askWithTools.ts";
import { loadSwarm } from "../loadSwarm.ts";

export const askCommand: Command = {
    name: "ask",
    summary: "Ask the swarm once in the terminal: prints every worker's answer, every score and the winner",
    usage: "ask [--model PATH|REF] [--workers N] [--json] [--tools [--yes] [--tool-choice C]] \"prompt\"",
    settings: ["model", "catalog", "hfEndpoint", "hfToken", "downloadTimeout", "workers", "threads", "contextSize", "gpu", "maxTokens", "temperature", "temperatureSpread", "strategy", "weights", "abstainBelow", "adaptive", "adaptiveStopAt", "tools", "workspace", "toolTimeout", "toolAllow", "toolDeny", "stallTimeout"],
    options: {
        system: { kind: "string", description: "System message to put before the prompt" },
        seed: { kind: "integer", description: "Seed (worker i uses seed + i) for a reproducible vote" },
        json: { kind: "boolean", description: "Print the whole result as JSON" },
        yes: { kind: "boolean", description: "With --tools: run every write and command without asking" },
        toolChoice: { kind: "string", description: "With --tools: tool_choice of the first round (auto, required, none, or a tool name; default auto)" }
    },
    async run({ settings, options, positionals, paths, configFile, stdin, stdout, stderr }) {
        const prompt = positionals.join(" ").trim();
        if (prompt === "") throw new ConfigError("nothing to ask: give the prompt as an argument, e.g. local-swarm ask --model m.gguf \"Once upon a time\"");
        const seed = options.seed == null ? undefined : Number(options.seed);
        if (seed != null && !Number.isInteger(seed)) throw new ConfigError("--seed must be a whole number");
        const { swarm } = await loadSwarm(settings, { paths, log: createLogger("warn"), stderr });
        try {
            const messages = [
                ...(typeof options.system === "string" ? [{ role: "system" as const, content: options.system }] : []),
                { role: "user" as const, content: prompt }
            ];
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
            for (const [index, candidate] of result.candidates.entries()) {
                const score = decision.scores[index];
                stdout.write(
                    `--- ${candidate.worker} (temperature ${candidate.temperature}, seed ${candidate.seed}): ` +
                    `${candidate.tokens} tokens in ${candidate.latencyMs} ms, ${candidate.finishReason}, ` +
                    `score ${score == null || Number.isNaN(score) ? "-" : score.toFixed(3)}` +
                    `${index === decision.winner ? "  << WINNER" : ""}\n${candidate.error ?? candidate.text}\n`
                );
            }
            const winner = result.candidates[decision.winner]!;
            stdout.write(
                `\n=== winner: ${winner.worker} by ${decision.strategy}; agreement ${(decision.agreement * 100).toFixed(0)}%, ` +
                `confidence ${decision.confidence.toFixed(2)}\n${winner.text}\n`
            );
            return 0;
        } finally {
            await swarm.dispose();
        }
    }
};
