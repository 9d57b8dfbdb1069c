import { describe, expect, test } from "bun:test";
import { InvalidRequestError, PayloadTooLargeError } from "../errors.ts";
import { readJsonBody } from "./readJsonBody.ts";

const request = (body: BodyInit) => new Request("http://localhost/x", { method: "POST", body });

describe("readJsonBody", () => {
    test("a JSON object comes back parsed", async () => {
        expect(await readJsonBody(request('{"a":[1,{"b":2}]}'), 100)).toEqual({ a: [1, { b: 2 }] });
    });

    test("a body past the limit is refused while it streams, with no Content-Length", async () => {
        const chunks = new ReadableStream<Uint8Array>({
            pull(controller) {
                controller.enqueue(new Uint8Array(64).fill(32));
            }
        });
        await expect(readJsonBody(request(chunks), 1000)).rejects.toBeInstanceOf(PayloadTooLargeError);
    });

    test("malformed JSON, invalid UTF-8 and non-objects are 400s", async () => {
        for (const body of ["{", "", "[1]", "null", "7", new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])])
            await expect(readJsonBody(request(body), 100)).rejects.toBeInstanceOf(InvalidRequestError);
    });

    test("nesting that would overflow a recursive walker is a 400, found without recursion", async () => {
        const depth = 200_000;
        await expect(readJsonBody(request(`{"a":${"[".repeat(depth)}${"]".repeat(depth)}}`), 1_000_000)).rejects.toThrow(/nests deeper than 128 levels/);
        const schema = `${'{"type":"object","properties":{"a":'.repeat(10_000)}{}${"}}".repeat(10_000)}`;
        await expect(readJsonBody(request(`{"tools":[{"type":"function","function":{"name":"f","parameters":${schema}}}]}`), 1_000_000)).rejects.toThrow(/nests deeper/);
        expect(await readJsonBody(request(`{"a":${"[".repeat(120)}${"]".repeat(120)}}`), 1000)).toBeObject();
    });
});
