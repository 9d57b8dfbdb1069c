import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rawHttp } from "./support/rawHttp.ts";
import { startTestServer, type TestServer } from "./support/testServer.ts";

const key = "guard-test-key";
let server: TestServer;
let host: string;

beforeAll(async () => {
    server = await startTestServer({ apiKey: key, workers: 1, corsOrigins: "http://app.example:3000", maxRequestBytes: 65_536 });
    host = `127.0.0.1:${server.port}`;
});

afterAll(async () => {
    await server.dispose();
});

type ErrorBody = { error: { message: string; type: string; param: string | null; code: string } };
const auth = { authorization: `Bearer ${key}` };
const chat = JSON.stringify({ messages: [{ role: "user", content: "Once upon a time" }], max_tokens: 2 });

/**
 * Routes anyone may call: health, the dashboard page and the docs page with its viewer files (they
 * hold no data and ask for the key). Everything else, the spec at /openapi/json included, needs the
 * key (or, under /federation/, a peer signature).
 */
const publicRoutes = new Set(["/health", "/", "/openapi", "/openapi/swagger-ui.css", "/openapi/swagger-ui-bundle.js"]);

describe("the API key guards every route", () => {
    test("every route in the route table but the public ones refuses a request without the key", async () => {
        const checked: string[] = [];
        for (const route of server.routes) {
            if (publicRoutes.has(route.path)) continue;
            const path = route.path.replace(/:[^/]+/g, "x").replace(/\*$/, "x");
            const method = route.method === "ALL" ? "POST" : route.method;
            const response = await fetch(`${server.url}${path}`, { method, ...(method === "GET" || method === "HEAD" ? {} : { body: "{}", headers: { "content-type": "application/json" } }) });
            checked.push(`${method} ${path} → ${response.status}`);
            if (path.startsWith("/federation/")) {
                // Peer routes carry their own signed auth: without it they must not succeed.
                expect(response.status).toBeGreaterThanOrEqual(400);
                continue;
            }
            expect(response.status).toBe(401);
            // Ollama's routes answer in Ollama's error shape, a bare message.
            if (path.startsWith("/api/")) expect((await response.json() as { error: string }).error).toContain("API key");
            else expect((await response.json() as ErrorBody).error.type).toBe("authentication_error");
        }
        console.log(`routes checked without a key: ${checked.join("; ")}`);
        expect(checked.length).toBeGreaterThanOrEqual(3);
    });

    test("the public routes answer without the key, and the keyed ones with it", async () => {
        for (const path of publicRoutes) expect((await fetch(`${server.url}${path}`)).status).toBe(200);
        expect((await fetch(`${server.url}/v1/models`, { headers: auth })).status).toBe(200);
    });
});

describe("DNS rebinding: a loopback server answers only to loopback names", () => {
    test("a foreign Host is refused with 403", async () => {
        const response = await fetch(`${server.url}/health`, { headers: { host: `evil.example:${server.port}` } });
        expect(response.status).toBe(403);
        expect((await response.json() as ErrorBody).error.code).toBe("forbidden_host");
    });

    test("an empty or missing Host is refused, the loopback names with our port pass", async () => {
        // HTTP/1.1 without a Host is already a 400 from Bun; an empty one reaches our check.
        const missing = await rawHttp(server.port, "GET /health HTTP/1.1\r\nconnection: close\r\n\r\n");
        expect([400, 403]).toContain(missing.status);
        const empty = await rawHttp(server.port, "GET /health HTTP/1.1\r\nhost: \r\nconnection: close\r\n\r\n");
        expect([400, 403]).toContain(empty.status);
        const http10 = await rawHttp(server.port, "GET /health HTTP/1.0\r\n\r\n");
        expect(http10.status).toBe(403);
        const wrongPort = await fetch(`${server.url}/health`, { headers: { host: "127.0.0.1:1" } });
        expect(wrongPort.status).toBe(403);
        for (const name of ["localhost", "127.0.0.1", "[::1]", "LOCALHOST"]) {
            const response = await fetch(`${server.url}/health`, { headers: { host: `${name}:${server.port}` } });
            expect(response.status).toBe(200);
        }
    });
});

describe("CORS: an explicit allow-list, never a wildcard", () => {
    test("a preflight from an allowed origin is answered without the key", async () => {
        const response = await fetch(`${server.url}/v1/chat/completions`, {
            method: "OPTIONS",
            headers: { origin: "http://app.example:3000", "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type, x-stainless-os" }
        });
        expect(response.status).toBe(204);
        expect(response.headers.get("access-control-allow-origin")).toBe("http://app.example:3000");
        expect(response.headers.get("access-control-allow-headers")).toContain("x-stainless-os");
        expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    });

    test("an allowed origin's request gets its origin back, never *", async () => {
        const response = await fetch(`${server.url}/v1/models`, { headers: { ...auth, origin: "http://app.example:3000" } });
        expect(response.status).toBe(200);
        expect(response.headers.get("access-control-allow-origin")).toBe("http://app.example:3000");
        expect(response.headers.get("vary")).toContain("Origin");
    });

    test("a foreign origin is refused, preflight or not, and so is a page posting text/plain", async () => {
        const preflight = await fetch(`${server.url}/v1/chat/completions`, { method: "OPTIONS", headers: { origin: "http://evil.example", "access-control-request-method": "POST" } });
        expect(preflight.status).toBe(403);
        expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
        const simple = await fetch(`${server.url}/v1/chat/completions`, { method: "POST", headers: { ...auth, origin: "http://evil.example", "content-type": "text/plain" }, body: chat });
        expect(simple.status).toBe(403);
        expect((await simple.json() as ErrorBody).error.code).toBe("forbidden_origin");
    });

    test("our own origin needs no allow-list entry", async () => {
        const response = await fetch(`${server.url}/v1/models`, { headers: { ...auth, origin: `http://${host}` } });
        expect(response.status).toBe(200);
    });
});

describe("request size limits", () => {
    test("a declared body over the limit is a 413 before it is read", async () => {
        const head = (length: number) => `POST /v1/chat/completions HTTP/1.1\r\nhost: ${host}\r\nauthorization: Bearer ${key}\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n{"messages":`;
        const response = await rawHttp(server.port, head(100_000));
        expect(response.status).toBe(413);
        expect((JSON.parse(response.body) as ErrorBody).error.code).toBe("payload_too_large");
        // Far past the limit Bun's own cap answers first, with a bare 413.
        expect((await rawHttp(server.port, head(100_000_000))).status).toBe(413);
    });

    test("a chunked body without Content-Length is cut off at the limit with a 413", async () => {
        let sent = 0;
        const stream = new ReadableStream<Uint8Array>({
            pull(controller) {
                if (sent > 1_000_000) return controller.close();
                sent += 16_384;
                controller.enqueue(new TextEncoder().encode(" ".repeat(16_384)));
            }
        });
        const response = await fetch(`${server.url}/v1/chat/completions`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: stream, duplex: "half" } as RequestInit);
        expect(response.status).toBe(413);
        expect((await response.json() as ErrorBody).error.type).toBe("invalid_request_error");
    });

    const post = async (body: unknown) => {
        const response = await fetch(`${server.url}/v1/chat/completions`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify(body) });
        return { status: response.status, body: await response.json() as ErrorBody };
    };
    const user = { role: "user", content: "hi" };

    test("too many messages, parts, stop strings or sub-schemas are 400s naming the field", async () => {
        const cases: [unknown, string][] = [
            [{ messages: Array.from({ length: 1025 }, () => user) }, "messages"],
            [{ messages: [{ role: "user", content: Array.from({ length: 257 }, () => ({ type: "text", text: "a" })) }] }, "messages"],
            [{ messages: [user], stop: Array.from({ length: 9 }, (_, i) => `s${i}`) }, "stop"],
            [{ messages: [user], stop: "x".repeat(257) }, "stop"],
            [{ messages: [{ role: "r".repeat(65), content: "hi" }] }, "messages"],
            [{ messages: [user], response_format: { type: "json_schema", json_schema: { schema: { type: "object", properties: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`p${i}`, {}])) } } } }, "response_format"]
        ];
        for (const [body, param] of cases) {
            const response = await post(body);
            expect(response.status).toBe(400);
            expect(response.body.error.param?.startsWith(param)).toBe(true);
        }
    });
});
