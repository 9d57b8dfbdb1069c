export { createApp, type AppOptions } from "./createApp.ts";
export { servedModelInfo } from "./ollama/modelInfo.ts";
