export { createApp, type AppOptions } from "./createApp.ts";
export { servedModelInfo } from "./ollama/modelInfo.ts";
export { VoteWorker } from "./consensus/VoteWorker.ts";
