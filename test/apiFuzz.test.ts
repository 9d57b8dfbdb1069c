import { afterAll, beforeAll, expect, test } from "bun:test";
import { rawHttp } from "./support/rawHttp.ts";
import { startTestServer, type TestServer } from "./support/testServer.ts";

/**
 * Seeded fuzzing of the chat API on the real server: every generated request is invalid in at least
 * one way the server must notice (malformed or truncated JSON, wrong types, out-of-range, huge or
 * empty fields, deep nesting, unicode edge cases), often with more noise on top. Each must get a 4xx with an
 * OpenAI error body, and the server must stay up. `FUZZ_SEED=<n>` replays a run; a failure names
 * the seed, the request's index and its body.
 */
const seed = Number(process.env.FUZZ_SEED ?? 20261127);
const count = Number(process.env.FUZZ_COUNT ?? 1200);
const maxRequestBytes = 262_144;

let server: TestServer;

beforeAll(async () => {
    server = await startTestServer({ maxRequestBytes, queueSize: 4 });
});

afterAll(async () => {
    await server.dispose();
});

/** mulberry32: a tiny, well-mixed 32-bit PRNG, so a seed gives the same requests everywhere. */
function prng(state: number) {
    const next = () => {
        state = (state + 0x6d2b79f5) | 0;
        let t = Math.imul(state ^ (state >>> 15), 1 | state);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const int = (below: number) => Math.floor(next() * below);
    const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
    return { next, int, pick };
}
type Random = ReturnType<typeof prng>;

const weirdText = [
    "", " ", "\u0000", "\ud800", "\udfff", "\ufeff", "\u200b\u200b", "\u202e", "e\u0301", "😀".repeat(50), "\n\r\t", "𝔘𝔫𝔦", "\\u0000", "null",
    "<script>alert(1)</script>", "../../etc/passwd", "%s%n%x", "A".repeat(300)
];
// Numeric strings ("10") are left out: Elysia reads them as numbers, a harmless leniency.
const notInteger: unknown[] = [0, -1, -(2 ** 31), 1.5, 1e7, 2 ** 64, "ten", "", true, [], {}, [1], -0.5];
const notProbability: unknown[] = [-0.1, -1, 2.01, 1e300, "half", "", true, [], {}, "NaN", "Infinity"];

/** One field set to a value the server must refuse. Each entry is invalid on its own. */
const invalidFields: ((random: Random) => Record<string, unknown>)[] = [
    (r) => ({ messages: r.pick<unknown>([[], "hello", null, 5, {}, true, [null], [[]], ["hi"]]) }),
    (r) => ({ messages: [{ role: r.pick<unknown>([5, null, "", "wizard", "USER", "usér", "\ud800", "user\u0000", "tool", [], {}, "r".repeat(65)]), content: "hi" }] }),
    (r) => ({ messages: [{ role: "user", content: r.pick<unknown>(["", " ", "\n\t ", 5, true, {}, [{ type: "image_url", image_url: { url: "x" } }], [{ type: "text" }], [{ text: "x" }], [5]]) }] }),
    () => ({ messages: [{ role: "user" }] }),
    (r) => ({ messages: [{ role: r.pick(["system", "assistant", "developer"]), content: "be brief" }] }),
    (r) => ({ messages: Array.from({ length: 1025 + r.int(50) }, () => ({ role: "user", content: "x" })) }),
    (r) => ({ messages: [{ role: "user", content: Array.from({ length: 257 + r.int(20) }, () => ({ type: "text", text: "a" })) }] }),
    (r) => ({ max_tokens: r.pick(notInteger) }),
    (r) => ({ max_completion_tokens: r.pick(notInteger) }),
    (r) => ({ temperature: r.pick<unknown>([-0.01, 2.0001, 1e300, -1e300, "hot", "", [], {}, true]) }),
    (r) => ({ top_p: r.pick(notProbability.concat([0])) }),
    (r) => ({ n: r.pick<unknown>([0, -1, 4, 65, 1e9, 1.5, "two", [], true]) }),
    (r) => ({ seed: r.pick<unknown>([1.5, 2 ** 60, -(2 ** 60), "forty-two", [], {}, true]) }),
    (r) => ({ stop: r.pick<unknown>(["", [""], 5, [5], ["x".repeat(257)], "x".repeat(257), Array.from({ length: 9 }, (_, i) => `s${i}`), {}, [null]]) }),
    (r) => ({ stream: r.pick<unknown>(["yes", 1, 0, [], {}]) }),
    (r) => ({ stream_options: r.pick<unknown>(["x", 5, [], { include_usage: "yes" }]) }),
    (r) => ({ model: r.pick<unknown>([5, [], {}, true, "m".repeat(257)]) }),
    (r) => ({ strategy: r.pick<unknown>(["coin-flip", "", "AUTO", 5, [], "s".repeat(65), "\ud800"]) }),
    (r) => ({ user: r.pick<unknown>([5, [], "u".repeat(257)]) }),
    (r) => ({ response_format: r.pick<unknown>([
        "json", 5, [], { type: "xml" }, { type: 5 }, { type: "json_schema" }, { type: "json_schema", json_schema: { name: "x" } },
        { type: "json_schema", json_schema: { schema: { type: "frobnicate" } } },
        { type: "json_schema", json_schema: { schema: { type: "object", properties: { a: { type: ["string", 5] } } } } },
        { type: "json_schema", json_schema: { schema: { $ref: "http://evil.example/schema" } } },
        { type: "json_schema", json_schema: { schema: { type: "array", items: "x" } } },
        { type: "json_schema", json_schema: { schema: { enum: [] } } },
        { type: "json_schema", json_schema: { schema: { minLength: -1 } } },
        { type: "json_schema", json_schema: { schema: "string" } },
        { type: "json_schema", json_schema: { schema: deepSchema(40) } }
    ]) })
];

/** Fields that keep a request valid; stacked on top of an invalid one as noise. */
const noiseFields: ((random: Random) => Record<string, unknown>)[] = [
    (r) => ({ temperature: r.next() * 2 }),
    (r) => ({ seed: r.int(1000) }),
    (r) => ({ stream: r.next() < 0.5 }),
    (r) => ({ stop: [r.pick(weirdText.filter((text) => text !== "")).slice(0, 200)] }),
    (r) => ({ extra_field: r.pick(weirdText) }),
    (r) => ({ [r.pick(weirdText) || "k"]: r.pick<unknown>([null, 1, "x", [], {}]) }),
    (r) => ({ model: r.pick(weirdText).slice(0, 200) }),
    (r) => ({ max_tokens: 1 + r.int(3) })
];

function deepSchema(depth: number): unknown {
    return depth === 0 ? { type: "string" } : { type: "array", items: deepSchema(depth - 1) };
}

interface Case {
    readonly kind: string;
    readonly body: string | Uint8Array<ArrayBuffer>;
    readonly contentType: string;
}

function generate(random: Random): Case {
    const base: Record<string, unknown> = { messages: [{ role: "user", content: random.pick(weirdText.filter((text) => text.trim() !== "")) }], max_tokens: 2 };
    const roll = random.next();
    if (roll < 0.1) {
        const json = JSON.stringify({ ...base, ...random.pick(noiseFields)(random) });
        return { kind: "truncated JSON", body: json.slice(0, random.int(json.length)), contentType: "application/json" };
    }
    if (roll < 0.15) return { kind: "random bytes", body: Uint8Array.from({ length: random.int(400) }, () => random.int(256)), contentType: random.pick(["application/json", "text/plain", "application/octet-stream"]) };
    if (roll < 0.2) {
        const literal = random.pick(["NaN", "Infinity", "-Infinity", "undefined", "1e999", "-1e999", "0x10", "01", "'x'", ".5", "+1"]);
        const field = random.pick(["max_tokens", "temperature", "top_p", "n", "seed"]);
        const numericInvalid = (literal === "1e999" || literal === "-1e999") && field !== "seed" ? literal : random.pick(["NaN", "Infinity", "undefined", "0x10", "01"]);
        return { kind: `literal ${numericInvalid}`, body: `{"messages":[{"role":"user","content":"hi"}],"${field}":${numericInvalid}}`, contentType: "application/json" };
    }
    if (roll < 0.25) return { kind: "not an object", body: random.pick(["[]", "null", "0", "\"x\"", "true", "[{\"role\":\"user\"}]", "", " "]), contentType: "application/json" };
    if (roll < 0.27) {
        const size = maxRequestBytes + 1 + random.int(10_000);
        return { kind: "too large", body: JSON.stringify({ ...base, messages: [{ role: "user", content: "x".repeat(size) }] }), contentType: "application/json" };
    }
    if (roll < 0.3) {
        const bytes = new TextEncoder().encode(JSON.stringify(base));
        // An ASCII byte replaced by one that can never stand there in UTF-8.
        const ascii = [...bytes.keys()].filter((index) => bytes[index]! < 0x80);
        bytes[random.pick(ascii)] = random.pick([0xff, 0xc0, 0x80, 0xfe]);
        return { kind: "invalid UTF-8", body: bytes, contentType: "application/json" };
    }
    if (roll < 0.33) {
        // Deep nesting, where recursive code (schema checks, grammar builders) would overflow its stack.
        const depth = 129 + random.int(5000);
        const nested = random.pick([
            () => `"extra":${"[".repeat(depth)}${"]".repeat(depth)}`,
            () => `"tools":[{"type":"function","function":{"name":"f","parameters":${"{\"type\":\"object\",\"properties\":{\"a\":".repeat(depth)}{}${"}}".repeat(depth)}}}]`,
            () => `"response_format":{"type":"json_schema","json_schema":{"schema":${"{\"items\":".repeat(depth)}{}${"}".repeat(depth)}}}`
        ])();
        return { kind: "deep nesting", body: `{"messages":[{"role":"user","content":"hi"}],${nested}}`, contentType: "application/json" };
    }
    const body: Record<string, unknown> = { ...base };
    for (let noise = random.int(3); noise > 0; noise--) Object.assign(body, random.pick(noiseFields)(random));
    const invalid = random.int(invalidFields.length);
    Object.assign(body, invalidFields[invalid]!(random));
    return { kind: `invalid field #${invalid}`, body: JSON.stringify(body), contentType: random.pick(["application/json", "application/json; charset=utf-8", "text/plain"]) };
}

test(`${count} generated bad requests each get a 4xx with an OpenAI error body, and the server keeps serving`, async () => {
    const random = prng(seed);
    const cases = Array.from({ length: count }, () => generate(random));
    const statuses = new Map<number, number>();
    const kinds = new Map<string, number>();
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
        while (next < cases.length) {
            const index = next++;
            const { kind, body, contentType } = cases[index]!;
            kinds.set(kind.replace(/ #\d+$/, ""), (kinds.get(kind.replace(/ #\d+$/, "")) ?? 0) + 1);
            const response = await fetch(`${server.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": contentType }, body });
            const text = await response.text();
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            let error: { message?: unknown; type?: unknown; code?: unknown; param?: unknown } | undefined;
            try {
                error = (JSON.parse(text) as { error?: typeof error }).error;
            } catch {
                error = undefined;
            }
            const ok = response.status >= 400 && response.status < 500 && error != null &&
                typeof error.message === "string" && error.message !== "" && typeof error.type === "string" && typeof error.code === "string" &&
                (error.param === null || typeof error.param === "string");
            if (!ok) {
                const shown = typeof body === "string" ? body.slice(0, 300) : `bytes ${Buffer.from(body).toString("hex").slice(0, 300)}`;
                failures.push(`seed ${seed} case ${index} (${kind}): HTTP ${response.status} ${text.slice(0, 200)} for ${shown}`);
            }
        }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: 8 }, worker));
    const seconds = (performance.now() - started) / 1000;
    console.log(`fuzz seed ${seed}: ${count} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}; kinds ${JSON.stringify(Object.fromEntries(kinds))}`);
    expect(failures).toEqual([]);

    // Raw-socket malformations fetch cannot send: a body shorter than its Content-Length, bad chunking.
    const host = `127.0.0.1:${server.port}`;
    const short = await rawHttp(server.port, `POST /v1/chat/completions HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ncontent-length: 500\r\nconnection: close\r\n\r\n{"messages":[`, 2000);
    expect(short.status === 0 || (short.status >= 400 && short.status < 500)).toBe(true);
    const chunked = await rawHttp(server.port, `POST /v1/chat/completions HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`, 2000);
    expect(chunked.status === 0 || (chunked.status >= 400 && chunked.status < 500)).toBe(true);

    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    const completion = await server.client.chat.completions.create({ model: server.settings.model ?? "local", messages: [{ role: "user", content: "Once upon a time" }], max_tokens: 4 });
    expect(completion.choices[0]?.message.content).toBeString();
}, 120_000);
