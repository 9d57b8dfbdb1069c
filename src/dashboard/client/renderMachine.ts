import type { MachineInfo } from "../types.ts";
import { byId, el } from "./el.ts";
import { formatBytes } from "./format.ts";

export function renderMachine(machine: MachineInfo): void {
    byId("model").textContent = machine.model;
    const facts: [string, string | null][] = [
        ["Model", machine.model],
        ["Backend", machine.backend == null ? null : `${machine.backend}${machine.threads != null ? `, ${machine.threads} thread${machine.threads === 1 ? "" : "s"}` : ""}`],
        ["Platform", machine.platform],
        ["CPU", machine.cpu == null ? null : `${machine.cpu}${machine.cores != null ? ` (${machine.cores} cores available)` : ""}`],
        ["Memory", machine.memoryBytes == null ? null : formatBytes(machine.memoryBytes)],
        ["GPU", machine.gpus.length === 0 ? "none" : machine.gpus.map((gpu) => gpu.memoryBytes == null ? gpu.name : `${gpu.name} (${formatBytes(gpu.memoryBytes)})`).join(", ")]
    ];
    byId("machine").replaceChildren(...facts.filter(([, value]) => value != null).flatMap(([name, value]) => [el("dt", {}, name), el("dd", {}, value)]));
}
