export { ToolExecutor, type ToolExecutorOptions, type ToolListing } from "./ToolExecutor.ts";
export { createToolExecutor } from "./createToolExecutor.ts";
export type { Tool, ToolDefinition, ToolOutput } from "./Tool.ts";
export type { JsonSchema, JsonSchemaType } from "./jsonSchema.ts";
export { validateJson } from "./validateJson.ts";
export { detectSandbox, type Sandbox } from "./detectSandbox.ts";
export type { CommandPolicy } from "./commandPolicy.ts";
export type { AddressPolicy, HostLookup, ResolvedAddress } from "./safeFetch.ts";
