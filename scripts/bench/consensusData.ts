/** The shared consensus data sets (see ../shared/consensus/README.md) as the benchmarks read them. */
import fs from "node:fs";
import path from "node:path";
import { extractAnswer, normalizeAnswer, type Candidate } from "../../src/consensus/index.ts";

export interface Problem {
    readonly gold: string;
    readonly candidates: readonly Candidate[];
    /** correct[i]: candidate i's answer is the gold one. */
    readonly correct: readonly boolean[];
}

export function readJsonl<T>(file: string): T[] {
    return fs.readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as T);
}

/** One BoInf file: a length-limit cut-off is a `tokens_used` at the file's maximum. */
export function loadAnswers(file: string, model: string): Problem[] {
    const rows = readJsonl<{ gold_answer: string; all_answers: [string | null, number][] }>(file);
    const limit = Math.max(...rows.flatMap((row) => row.all_answers.map(([, tokens]) => tokens)));
    return rows.map((row) => {
        const gold = normalizeAnswer(row.gold_answer);
        const candidates = row.all_answers.map(([text, tokens]): Candidate => ({ text: text ?? "", model, tokens, finishReason: tokens >= limit ? "length" : "stop" }));
        return { gold: row.gold_answer, candidates, correct: candidates.map((candidate) => extractAnswer(candidate.text)?.key === gold) };
    });
}

/** `--name value` flags, and the data dir: the first argument that is not a flag or a flag's value (default ../shared/consensus). */
export function benchArguments(args: readonly string[]): { flag: (name: string) => string | undefined; dataDir: string } {
    const flag = (name: string): string | undefined => {
        const index = args.indexOf(`--${name}`);
        return index === -1 ? undefined : args[index + 1];
    };
    const given = args.find((arg, index) => !arg.startsWith("--") && !args[index - 1]?.startsWith("--"));
    return { flag, dataDir: path.resolve(given ?? path.join(import.meta.dir, "..", "..", "..", "shared", "consensus")) };
}

/** Every model's problems of one set (`aime2024`, `math500`), by model name, sorted. */
export function loadSet(dataDir: string, set: string): Map<string, Problem[]> {
    const files = fs.readdirSync(path.join(dataDir, set)).filter((file) => file.endsWith(".jsonl")).sort();
    return new Map(files.map((file) => [file.replace(/\.jsonl$/, ""), loadAnswers(path.join(dataDir, set, file), file.replace(/\.jsonl$/, ""))]));
}

/** A 32-bit seed from any parts (FNV-1a). */
export function seedOf(...parts: (string | number)[]): number {
    let hash = 2166136261;
    for (const char of parts.join("|")) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
    return hash >>> 0;
}

/** k distinct indices of `count`, drawn uniformly (a partial Fisher–Yates shuffle). */
export function sample(count: number, k: number, next: () => number): number[] {
    const indices = Array.from({ length: count }, (_, index) => index);
    for (let index = 0; index < Math.min(k, count); index++) {
        const pick = index + Math.floor(next() * (count - index));
        [indices[index], indices[pick]] = [indices[pick]!, indices[index]!];
    }
    return indices.slice(0, Math.min(k, count));
}
