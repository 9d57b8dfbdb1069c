export { buildInfo, type BuildInfo } from "./buildInfo.ts";
export { encodeRuntimePack, sha256Hex, type RuntimePackFile, type RuntimePackEntry, type RuntimePackManifest } from "./runtimePack.ts";
export { llamaGpuOption } from "./llamaGpuOption.ts";
export { embeddedBackend } from "./embeddedBackend.ts";
export { explainLlamaLoadError } from "./explainLlamaLoadError.ts";
export { prepareEmbeddedRuntime, nodeLlamaCppPackageDir, isAddonTestChild } from "./embeddedRuntime.ts";
export { packageVersion, version } from "./version.ts";
