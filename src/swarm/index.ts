export { Swarm, type SwarmOptions, type RunOptions } from "./Swarm.ts";
export type { Voter } from "./Voter.ts";
export { textRequest } from "./textRequest.ts";
export { WorkQueue } from "./WorkQueue.ts";
export { chooseMode, modeNames, type RequestedMode } from "./chooseMode.ts";
export type { ModelDescription } from "./describeModel.ts";
export { LlamaEngine, type LlamaEngineOptions, type GpuChoice } from "./LlamaEngine.ts";
export type { InferenceEngine, EngineGenerateOptions, EngineGeneration, ThinkingSupport, SharePromptOptions, PromptSharing } from "./InferenceEngine.ts";
export { validateOutputSchema } from "./validateOutputSchema.ts";
export type {
    ChatMessage,
    ChatRole,
    GenerationParams,
    OutputFormat,
    ReasoningEffort,
    SwarmRequest,
    TextPrompt,
    SwarmResult,
    SwarmEvent,
    SwarmStatus,
    ThinkingParams,
    WorkerResult,
    WorkerStatus,
    FinishReason,
    GenerationMode,
    DecidedSegment
} from "./types.ts";
