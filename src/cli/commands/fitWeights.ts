import fs from "node:fs";
import path from "node:path";
import { ConfigError, SwarmError } from "../../errors.ts";
import { readConfigFile, writeConfigFile } from "../../config/index.ts";
import { fitWeights, parseVoteRequest, type LabelledDecision } from "../../consensus/index.ts";
import type { Command } from "../command.ts";
import { readJsonLines } from "../readJsonLines.ts";

/**
 * `local-swarm fit-weights`: reads labelled decisions (`vote` input lines plus `"gold"`), fits
 * per-model vote weights, writes them to a JSON file and points the config's `weights` at it.
 */
export const fitWeightsCommand: Command = {
    name: "fit-weights",
    summary: "Fit per-model vote weights on labelled JSONL decisions and save them in the config",
    usage: "fit-weights [--out FILE] [--no-save] < labelled.jsonl",
    settings: [],
    options: {
        out: { kind: "string", description: "Weights file to write (default: weights.json in the data dir)" },
        save: { kind: "boolean", description: "Record the weights file in the config file (default true; --no-save to skip)" }
    },
    async run({ options, paths, configFile, stdin, stdout }) {
        const decisions: LabelledDecision[] = [];
        for await (const item of readJsonLines(stdin)) {
            if ("error" in item) throw new ConfigError(`input line ${item.line}: ${item.error}`);
            const gold = (item.value as { gold?: unknown } | null)?.gold;
            if (typeof gold !== "string" && typeof gold !== "number") throw new ConfigError(`input line ${item.line}: "gold" must be the correct answer (a string or number)`);
            try {
                decisions.push({ candidates: parseVoteRequest(item.value).candidates, gold: String(gold) });
            } catch (error) {
                if (error instanceof SwarmError) throw new ConfigError(`input line ${item.line}: ${error.message}`, { cause: error });
                throw error;
            }
        }
        const { weights, fits, accuracy } = fitWeights(decisions);
        if (fits.length === 0) throw new ConfigError("no candidate in the input names its model; nothing to fit");
        const out = path.resolve(typeof options.out === "string" ? options.out : path.join(paths.dataDir, "weights.json"));
        fs.mkdirSync(path.dirname(out), { recursive: true });
        const temp = `${out}.${process.pid}.tmp`;
        fs.writeFileSync(temp, JSON.stringify({ weights }, null, 4) + "\n");
        fs.renameSync(temp, out);
        const width = Math.max(5, ...fits.map((fit) => fit.model.length));
        stdout.write(`${"model".padEnd(width)}  samples  accuracy  weight\n`);
        for (const fit of fits)
            stdout.write(`${fit.model.padEnd(width)}  ${String(fit.samples).padStart(7)}  ${((100 * fit.correct) / fit.samples).toFixed(1).padStart(7)}%  ${fit.weight.toFixed(3).padStart(6)}\n`);
        stdout.write(`held-in accuracy of a weighted 5-candidate swarm: ${(100 * accuracy.start).toFixed(1)}% (log-odds) -> ${(100 * accuracy.end).toFixed(1)}% (searched)\n`);
        stdout.write(`wrote ${out}\n`);
        if (options.save !== false) {
            writeConfigFile(configFile.path, { ...readConfigFile(configFile.path, configFile.explicit), weights: out });
            stdout.write(`config ${configFile.path}: weights = ${out}\n`);
        }
        return 0;
    }
};
