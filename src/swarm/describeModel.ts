import { GgufFileType, type LlamaModel } from "node-llama-cpp";
import fs from "node:fs";

/** What a client may ask about the served model (Ollama's tags, show and ps), read from its GGUF. */
export interface ModelDescription {
    readonly path: string;
    readonly sizeBytes: number;
    /** The file's modification time, ISO 8601. */
    readonly modifiedAt: string;
    /** The GGUF's `general.architecture`, e.g. "llama". */
    readonly architecture: string;
    /** The GGUF's `general.size_label` (e.g. "7B"), else the parameter count rounded. */
    readonly parameterSize: string;
    /** The file type, e.g. "Q4_K_M", "F16". */
    readonly quantization: string;
    readonly contextLength: number;
    readonly embeddingLength: number;
    /** The GGUF's own chat template, "" when it has none. */
    readonly chatTemplate: string;
    readonly infill: boolean;
}

/** Describes a loaded model from its GGUF metadata and its file at `file`. */
export function describeModel(model: LlamaModel, file: string, infill: boolean): ModelDescription {
    const stat = fs.statSync(file);
    const { general, tokenizer } = model.fileInfo.metadata;
    const fileType = general.file_type == null ? undefined : GgufFileType[general.file_type];
    return {
        path: file,
        sizeBytes: stat.size,
        modifiedAt: stat.mtime.toISOString(),
        architecture: general.architecture,
        parameterSize: general.size_label ?? roundedCount(model.fileInsights.totalParameters),
        quantization: fileType == null ? "unknown" : fileType.replace(/^(MOSTLY|ALL)_/, ""),
        contextLength: model.trainContextSize,
        embeddingLength: model.embeddingVectorSize,
        chatTemplate: tokenizer?.chat_template ?? "",
        infill
    };
}

function roundedCount(count: number): string {
    for (const [unit, size] of [["B", 1e9], ["M", 1e6], ["K", 1e3]] as const)
        if (count >= size) return `${Math.round((count / size) * 10) / 10}${unit}`;
    return String(count);
}
