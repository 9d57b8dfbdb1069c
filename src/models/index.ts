export { loadCatalog, type Catalog, type CatalogModel, type SelectorConfig } from "./catalog.ts";
export { selectModel, preferredQuants, estimateFromCatalog, type ModelChoice, type SelectModelOptions } from "./selectModel.ts";
export { estimateGgufMemory, type GgufMemoryEstimate, type EstimateGgufMemoryOptions, type ModelFilePlan } from "./estimateGgufMemory.ts";
export { resolveModelRef, type ModelSource } from "./resolveModelRef.ts";
export { modelsDir, listStoredModels, removeStoredModel, type StoredModel } from "./modelStore.ts";
export { pullModel, type PullModelOptions, type PullResult } from "./pullModel.ts";
export { downloadModel, sha256File, type DownloadModelOptions, type DownloadProgress, type DownloadResult } from "./downloadModel.ts";
export { chooseServedModel, type ChooseServedModelOptions, type ServedModel } from "./chooseServedModel.ts";
export { validateGguf, type GgufSummary } from "./validateGguf.ts";
