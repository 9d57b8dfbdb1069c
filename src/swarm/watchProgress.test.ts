import { expect, test } from "bun:test";
import { EngineError } from "../errors.ts";
import { watchProgress } from "./watchProgress.ts";

test("work that keeps making progress is left alone", async () => {
    const result = await watchProgress(100, new AbortController().signal, async (_, progress) => {
        for (let step = 0; step < 6; step++) {
            await Bun.sleep(40);
            progress();
        }
        return "done";
    });
    expect(result).toBe("done");
});

test("work that stops making progress is aborted and rejected, even if it ignores the abort", async () => {
    let aborted = false;
    const started = performance.now();
    const attempt = watchProgress(80, new AbortController().signal, (signal) => {
        signal.addEventListener("abort", () => (aborted = true));
        return new Promise<string>(() => undefined);
    });
    await expect(attempt).rejects.toMatchObject({ code: "worker_stalled" });
    await expect(attempt).rejects.toBeInstanceOf(EngineError);
    expect(aborted).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
});
