import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { InvalidRequestError } from "../errors.ts";
import { fetchModelFile } from "./fetchModelFile.ts";

const gguf = Buffer.concat([Buffer.from("GGUF"), Buffer.alloc(50_000, 1)]);
let work: string;
let server: ReturnType<typeof Bun.serve>;

beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "local-swarm-fetch-"));
    server = Bun.serve({
        hostname: "127.0.0.1",
        port: 0,
        fetch(request) {
            const name = new URL(request.url).pathname;
            if (name === "/ok.gguf") return new Response(gguf);
            if (name === "/html.gguf") return new Response("<html>sign in</html>");
            return new Response("missing", { status: 404 });
        }
    });
});
afterAll(() => {
    server.stop(true);
    fs.rmSync(work, { recursive: true, force: true });
});

const never = new AbortController().signal;

describe("fetchModelFile", () => {
    test("downloads a URL into models/url/<host>/<file> with progress", async () => {
        const seen: number[] = [];
        const file = await fetchModelFile(`${server.url}ok.gguf`, path.join(work, "models"), (progress) => seen.push(progress.receivedBytes), never);
        expect(file).toBe(path.join(work, "models", "url", "127.0.0.1", "ok.gguf"));
        expect(fs.readFileSync(file).equals(gguf)).toBe(true);
        expect(seen.at(-1)).toBe(gguf.length);
        expect(fs.existsSync(`${file}.partial`)).toBe(false);
    });

    test("a download that is not a GGUF file or not found leaves nothing behind", async () => {
        const models = path.join(work, "bad");
        await expect(fetchModelFile(`${server.url}html.gguf`, models, () => {}, never)).rejects.toThrow(/not a GGUF model file/);
        await expect(fetchModelFile(`${server.url}gone.gguf`, models, () => {}, never)).rejects.toThrow(/HTTP 404/);
        expect(fs.readdirSync(path.join(models, "url", "127.0.0.1"))).toEqual([]);
    });

    test("a local path must be an existing GGUF file; a URL must name a .gguf file", async () => {
        const text = path.join(work, "notes.gguf");
        fs.writeFileSync(text, "hello");
        await expect(fetchModelFile(text, work, () => {}, never)).rejects.toBeInstanceOf(InvalidRequestError);
        await expect(fetchModelFile(path.join(work, "missing.gguf"), work, () => {}, never)).rejects.toThrow(/cannot read the model/);
        await expect(fetchModelFile(`${server.url}model.bin`, work, () => {}, never)).rejects.toThrow(/must end in a .gguf file name/);
        const real = path.join(work, "real.gguf");
        fs.writeFileSync(real, gguf);
        expect(await fetchModelFile(real, work, () => {}, never)).toBe(real);
    });
});
