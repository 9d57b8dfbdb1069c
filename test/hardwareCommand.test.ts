import { describe, expect, test } from "bun:test";
import path from "node:path";

const root = path.resolve(import.meta.dir, "..");

async function cli(...args: string[]) {
    const child = Bun.spawn([process.execPath, "src/cli/main.ts", ...args], { cwd: root, stdout: "pipe", stderr: "pipe" });
    const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    return { stdout, stderr, code };
}

describe("local-swarm hardware", () => {
    test("--json gives the report, budget and backend for scripts", async () => {
        const { stdout, code } = await cli("hardware", "--json");
        expect(code).toBe(0);
        const report = JSON.parse(stdout);
        expect(report.cpu.availableCores).toBeGreaterThanOrEqual(1);
        expect(report.memory.totalBytes).toBeGreaterThan(0);
        expect(report.budget.bytes).toBeGreaterThan(0);
        expect(["cuda", "vulkan", "metal", false]).toContain(report.backend.gpu);
    });

    test("prints a readable summary, and --gpu cpu forces the CPU backend", async () => {
        const { stdout, code } = await cli("hardware", "--gpu", "cpu");
        expect(code).toBe(0);
        expect(stdout).toContain("Budget:");
        expect(stdout).toContain("Backend:  cpu (gpu setting is cpu)");
    });

    test("names the model the settings serve before the one that would fit", async () => {
        const { stdout, code } = await cli("hardware", "--model", "/nowhere/served.gguf");
        expect(code).toBe(0);
        expect(stdout).toMatch(/\nServes: +\/nowhere\/served\.gguf  MISSING: the file is not there\nFits: +\S/);
    });
});
