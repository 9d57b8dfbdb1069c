export { buildInfo, type BuildInfo } from "./buildInfo.ts";
export { encodeRuntimePack, decodeRuntimePack, sha256Hex, type RuntimePackFile, type RuntimePackEntry, type RuntimePackManifest } from "./runtimePack.ts";
export { ensureRuntime, isComplete, manifestFileName, type EnsureRuntimeOptions } from "./ensureRuntime.ts";
export { llamaGpuOption } from "./llamaGpuOption.ts";
export { embeddedBackend } from "./embeddedBackend.ts";
export { explainLlamaLoadError } from "./explainLlamaLoadError.ts";
export { prepareEmbeddedRuntime, runtimeFolder, nodeLlamaCppPackageDir, isAddonTestChild } from "./embeddedRuntime.ts";
