import { expect, test } from "bun:test";
import { startTestServer } from "./support/testServer.ts";

test("shutting down lets a running request finish within the grace, and refuses new ones", async () => {
    const server = await startTestServer({ shutdownGrace: 10, workers: 2 });
    const running = server.client.chat.completions.create({
        model: "x",
        messages: [{ role: "user", content: "Once upon a time" }],
        max_tokens: 300
    });
    await Bun.sleep(50);
    const health = await (await fetch(`${server.url}/health`)).json() as { workers: { busy: number } };
    expect(health.workers.busy).toBe(2);
    const started = performance.now();
    const disposing = server.dispose();
    const completion = await running;
    expect(completion.usage!.completion_tokens).toBe(300);
    expect(completion.choices[0]!.finish_reason).toBe("length");
    await disposing;
    console.log(`drained a 300-token request in ${(performance.now() - started).toFixed(0)} ms`);
    const refused = await fetch(`${server.url}/health`).then((response) => response.status, () => "refused");
    expect(refused).toBe("refused");
});
