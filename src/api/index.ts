export { createApp, type App, type AppOptions } from "./createApp.ts";
export { mapError, type OpenAiErrorBody } from "./errorBody.ts";
