export { CodeExecutor, type CodeExecutorOptions } from "./CodeExecutor.ts";
export { createCodeRunner, type CodeRunnerHandle, type CodeRunnerSettings } from "./createCodeRunner.ts";
export { findInterpreters } from "./findInterpreters.ts";
export type { Interpreter } from "./Interpreter.ts";
