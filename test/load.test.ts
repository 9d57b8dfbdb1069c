import { expect, test } from "bun:test";
import { runLoad } from "../scripts/load/runLoad.ts";
import { testModelPath } from "./support/testModel.ts";

// The CI version of `bun scripts/load.ts`: 16 streaming clients for 10 s against the real CLI server
// with a small queue, so the excess is refused. The long run is `bun scripts/load.ts --model FILE`.
test("under load: no 5xx, the excess gets 429 with Retry-After at once, /health stays fast, SIGTERM exits 0", async () => {
    const report = await runLoad({ model: await testModelPath(), clients: 16, durationS: 10, maxRequests: 20_000, workers: 3, threads: 1, queueSize: 4, maxTokens: 16, graceS: 20 });
    console.log(JSON.stringify({ ...report, options: undefined }));
    expect(report.serverErrors).toBe(0);
    expect(report.streamErrors).toBe(0);
    expect(report.networkErrors).toBe(0);
    expect(report.otherStatus).toBe(0);
    expect(report.ok).toBeGreaterThan(0);
    expect(report.rejected429).toBeGreaterThan(0);
    expect(report.retryAfterMissing).toBe(0);
    expect(report.rejectLatencyMs.p99).toBeLessThan(1000);
    expect(report.healthFailures).toBe(0);
    expect(report.healthLatencyMs.p99).toBeLessThan(1000);
    expect(report.shutdown.code).toBe(0);
}, 60_000);
