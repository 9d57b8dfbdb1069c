import { detectHardware, formatBytes, memoryBudget, selectGpuBackend, type HardwareReport, type MemoryBudget, type GpuBackendChoice } from "../../hardware/index.ts";
import { loadCatalog, modelsDir, selectModel } from "../../models/index.ts";
import { configuredModel } from "../configuredModel.ts";
import type { Command } from "../command.ts";

export const hardwareCommand: Command = {
    name: "hardware",
    summary: "Show the CPU, memory and GPUs found, the memory budget, the llama.cpp backend and the model that fits",
    usage: "hardware [--json]",
    settings: ["gpu", "workers", "contextSize", "catalog", "model", "hfEndpoint"],
    options: { json: { kind: "boolean", description: "Print the report as JSON for scripts" } },
    async run({ settings, options, paths, configFile, stdout }) {
        const report = await detectHardware();
        const budget = memoryBudget(report);
        const backend = selectGpuBackend(report, settings.gpu);
        const catalog = loadCatalog(settings.catalog);
        // The model the settings serve comes before the one that would fit, so the two are never confused.
        const configured = configuredModel(settings.model, catalog, settings.hfEndpoint, modelsDir(paths), configFile.exists ? configFile.path : undefined);
        let recommendation: { model: string; quant: string; workers: number; totalBytes: number; explanation: string } | { error: string };
        try {
            const choice = selectModel({ catalog, budget, contextSize: settings.contextSize, ...(settings.workers > 0 ? { workers: settings.workers } : {}) });
            recommendation = { model: choice.model.id, quant: choice.quant, workers: choice.workers, totalBytes: choice.totalBytes, explanation: choice.explanation };
        } catch (error) {
            recommendation = { error: (error as Error).message };
        }
        if (options.json === true) stdout.write(JSON.stringify({ ...report, budget, backend, configured: settings.model ?? null, recommendation }, null, 4) + "\n");
        else stdout.write(describeHardware(report, budget, backend) + `\nServes:   ${configured}\nFits:     ${"error" in recommendation ? recommendation.error : recommendation.explanation}\n`);
        return 0;
    }
};

function describeHardware(report: HardwareReport, budget: MemoryBudget, backend: GpuBackendChoice): string {
    const { cpu, memory } = report;
    const lines = [
        `Platform: ${report.platform} ${report.arch}${report.device != null ? ` (${[report.device.manufacturer, report.device.model, report.device.soc].filter(Boolean).join(" ")})` : ""}`,
        `CPU:      ${cpu.model}, ${cpu.physicalCores} cores / ${cpu.logicalCores} threads, ${cpu.availableCores} available to this process`,
        `Memory:   ${formatBytes(memory.totalBytes)} RAM${memory.cgroupLimitBytes != null ? " (cgroup limit)" : ""}, ${formatBytes(memory.availableBytes)} free`
    ];
    if (report.gpus.length === 0) lines.push("GPUs:     none found");
    for (const [index, gpu] of report.gpus.entries()) {
        const size = gpu.memoryBytes != null ? `, ${formatBytes(gpu.memoryBytes)}${gpu.unified ? " unified" : " VRAM"}` : gpu.unified ? ", shares RAM" : "";
        lines.push(`${index === 0 ? "GPUs:    " : "         "} ${gpu.name}${size}${gpu.driver != null ? `, driver ${gpu.driver}` : ""}`);
    }
    lines.push(`Budget:   ${formatBytes(budget.bytes)} for the model and its workers (${budget.rule})`);
    lines.push(`Backend:  ${backend.gpu === false ? "cpu" : backend.gpu} (${backend.reason})`);
    if (report.notes.length > 0)
        lines.push(`Probes:   ${report.notes.map((note) => `${note.probe} ${note.status}${note.detail != null ? ` (${note.detail})` : ""}`).join(", ")}`);
    return lines.join("\n");
}
