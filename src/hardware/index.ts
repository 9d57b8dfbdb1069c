export { availableCores, type AvailableCoresOptions } from "./availableCores.ts";
export { cgroupLimits, readTextFile, type CgroupLimits, type ReadText } from "./cgroupLimits.ts";
export { detectHardware, type DetectHardwareOptions } from "./detectHardware.ts";
export { realExec, type Exec, type ExecResult } from "./exec.ts";
export { realSystemInfo, type SystemInfo } from "./cpuMemory.ts";
export { memoryBudget, formatBytes, gigabyte, type MemoryBudget } from "./memoryBudget.ts";
export { selectGpuBackend, type GpuBackendChoice, type GpuSetting, type LlamaGpu } from "./gpuBackend.ts";
export type { CpuInfo, DeviceInfo, GpuInfo, GpuVendor, HardwarePlatform, HardwareReport, MemoryInfo, ProbeNote } from "./types.ts";
export { isAndroid } from "./android.ts";
