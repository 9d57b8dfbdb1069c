/** A catalog entry for the test model as `startModelServer` serves it under `ggml-org/tiny-llamas`. */
export const tinyStoriesEntry = {
    id: "tiny-stories",
    name: "Tiny Stories 260K",
    family: "llama",
    parameters: 260000,
    license: "mit",
    priority: 0,
    contextLength: 2048,
    kvBytesPerToken: 2560,
    repo: "ggml-org/tiny-llamas",
    file: "stories260K.gguf",
    quants: ["Q8_0"],
    sizes: { Q8_0: "1.19 MB" }
};
