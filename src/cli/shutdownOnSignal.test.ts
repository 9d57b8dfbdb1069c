import { describe, expect, test } from "bun:test";
import { silentLogger } from "../log.ts";
import { shutdownOnSignal } from "./shutdownOnSignal.ts";

describe("shutdownOnSignal", () => {
    test("SIGTERM disposes and resolves to 0; the listeners are gone afterwards", async () => {
        const before = process.listenerCount("SIGTERM");
        let disposed = false;
        const done = shutdownOnSignal(async () => {
            disposed = true;
        }, silentLogger, { exit: () => expect.unreachable() });
        expect(process.listenerCount("SIGTERM")).toBe(before + 1);
        process.emit("SIGTERM");
        expect(await done).toBe(0);
        expect(disposed).toBe(true);
        expect(process.listenerCount("SIGTERM")).toBe(before);
    });

    test("a dispose that outlasts the bound is abandoned with exit 1", async () => {
        const before = process.listenerCount("SIGINT");
        const exits: number[] = [];
        void shutdownOnSignal(() => new Promise<void>(() => {}), silentLogger, { boundMs: 50, exit: (code) => exits.push(code) });
        process.emit("SIGINT");
        await Bun.sleep(150);
        expect(exits).toEqual([1]);
        expect(process.listenerCount("SIGINT")).toBe(before);
    });

    test("a second signal exits at once", async () => {
        const before = process.listenerCount("SIGTERM");
        const exits: number[] = [];
        void shutdownOnSignal(() => new Promise<void>(() => {}), silentLogger, { boundMs: 60_000, exit: (code) => exits.push(code) });
        process.emit("SIGTERM");
        process.emit("SIGTERM");
        expect(exits).toEqual([1]);
        expect(process.listenerCount("SIGTERM")).toBe(before);
    });
});
