import { describe, expect, test } from "bun:test";
import { PermissionError } from "../../errors.ts";
import { checkModelAccess } from "./ollamaPull.ts";

describe("checkModelAccess", () => {
    test("beyond loopback, pull and delete need an API key", () => {
        expect(() => checkModelAccess({ host: "0.0.0.0", apiKey: undefined })).toThrow(PermissionError);
        expect(() => checkModelAccess({ host: "192.168.1.5", apiKey: "" })).toThrow("needs an API key");
        expect(() => checkModelAccess({ host: "0.0.0.0", apiKey: "key" })).not.toThrow();
        expect(() => checkModelAccess({ host: "127.0.0.1", apiKey: undefined })).not.toThrow();
    });
});
