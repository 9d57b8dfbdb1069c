export { createApp, type App, type AppOptions } from "./createApp.ts";
