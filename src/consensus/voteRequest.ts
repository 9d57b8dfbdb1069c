import { InvalidRequestError } from "../errors.ts";
import { strategyNames, type Candidate, type RequestedStrategy } from "./types.ts";

const maxCandidates = 256;
const maxTests = 1024;

/** One decision to make, as `local-swarm vote` and `POST /v1/consensus` receive it. */
export interface VoteRequest {
    readonly id: string | number | null;
    readonly candidates: readonly Candidate[];
    readonly prompt?: string;
    readonly strategy?: RequestedStrategy;
    readonly judgeReply?: string;
    /** Test snippets for the `execution` strategy (e.g. Python `assert` lines). */
    readonly tests?: readonly string[];
    /** The candidates' programming language, for the `execution` strategy. */
    readonly language?: string;
}

/**
 * Validates the wire form `{"id", "candidates": [{"text", "model"?, "worker"?, "latency_ms"?,
 * "finish_reason"?, "tokens"?} or a plain string], "prompt"?, "strategy"?, "judge_reply"?, "tests"?: [string],
 * "language"?}`; anything else is an
 * InvalidRequestError naming the field.
 */
export function parseVoteRequest(body: unknown): VoteRequest {
    if (body == null || typeof body !== "object" || Array.isArray(body)) throw invalid("the request must be a JSON object", "body");
    const record = body as Record<string, unknown>;
    const id = record.id ?? null;
    if (id !== null && typeof id !== "string" && typeof id !== "number") throw invalid("id must be a string or a number", "id");
    if (!Array.isArray(record.candidates) || record.candidates.length === 0) throw invalid("candidates must be a non-empty array", "candidates");
    // Similarity compares every pair: a bound keeps one request from holding the event loop for seconds.
    if (record.candidates.length > maxCandidates) throw invalid(`candidates has ${record.candidates.length} entries; at most ${maxCandidates}`, "candidates");
    const candidates = record.candidates.map((raw, index) => parseCandidate(raw, `candidates[${index}]`));
    const strategy = record.strategy;
    if (strategy != null && (typeof strategy !== "string" || !(strategyNames as readonly string[]).includes(strategy)))
        throw invalid(`strategy must be one of ${strategyNames.join(", ")}`, "strategy");
    return {
        id,
        candidates,
        ...optionalString(record, "prompt", "prompt"),
        ...(strategy == null ? {} : { strategy: strategy as RequestedStrategy }),
        ...optionalString(record, "judge_reply", "judgeReply"),
        ...parseTests(record.tests),
        ...optionalString(record, "language", "language")
    };
}

function parseTests(tests: unknown): { tests?: string[] } {
    if (tests == null) return {};
    if (!Array.isArray(tests) || tests.some((test) => typeof test !== "string")) throw invalid("tests must be an array of strings", "tests");
    if (tests.length > maxTests) throw invalid(`tests has ${tests.length} entries; at most ${maxTests}`, "tests");
    return { tests: tests as string[] };
}

function parseCandidate(raw: unknown, where: string): Candidate {
    if (typeof raw === "string") return { text: raw };
    if (raw == null || typeof raw !== "object" || Array.isArray(raw)) throw invalid(`${where} must be an object with a text`, where);
    const record = raw as Record<string, unknown>;
    if (typeof record.text !== "string") throw invalid(`${where}.text must be a string`, `${where}.text`);
    return {
        text: record.text,
        ...optionalString(record, "model", "model", where),
        ...optionalString(record, "worker", "worker", where),
        ...optionalString(record, "finish_reason", "finishReason", where),
        ...optionalNumber(record, "latency_ms", "latencyMs", where),
        ...optionalNumber(record, "tokens", "tokens", where)
    };
}

function optionalString<K extends string>(record: Record<string, unknown>, field: string, key: K, where?: string): Partial<Record<K, string>> {
    const value = record[field];
    if (value == null) return {};
    if (typeof value !== "string") throw invalid(`${where == null ? "" : `${where}.`}${field} must be a string`, where == null ? field : `${where}.${field}`);
    return { [key]: value } as Partial<Record<K, string>>;
}

function optionalNumber<K extends string>(record: Record<string, unknown>, field: string, key: K, where: string): Partial<Record<K, number>> {
    const value = record[field];
    if (value == null) return {};
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw invalid(`${where}.${field} must be a non-negative number`, `${where}.${field}`);
    return { [key]: value } as Partial<Record<K, number>>;
}

function invalid(message: string, param: string): InvalidRequestError {
    return new InvalidRequestError(message, { param, code: "invalid_consensus_request" });
}
