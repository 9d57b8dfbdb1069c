export { availableCores, type AvailableCoresOptions } from "./availableCores.ts";
export { llamaThreads } from "./llamaThreads.ts";
export { detectHardware, type DetectHardwareOptions } from "./detectHardware.ts";
export type { Exec, ExecResult } from "./exec.ts";
export { memoryBudget, formatBytes, type MemoryBudget } from "./memoryBudget.ts";
export { selectGpuBackend, type GpuBackendChoice, type GpuSetting, type LlamaGpu } from "./gpuBackend.ts";
export type { CpuInfo, DeviceInfo, GpuInfo, GpuVendor, HardwarePlatform, HardwareReport, MemoryInfo, ProbeNote } from "./types.ts";
export { isAndroid } from "./android.ts";
