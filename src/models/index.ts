export { loadCatalog, catalogFileName, type Catalog, type CatalogModel, type SelectorConfig } from "./catalog.ts";
export { selectModel, preferredQuants, estimateFromCatalog, type ModelChoice, type SelectModelOptions } from "./selectModel.ts";
export { estimateGgufMemory, planModelFile, type GgufMemoryEstimate, type EstimateGgufMemoryOptions, type ModelFilePlan } from "./estimateGgufMemory.ts";
