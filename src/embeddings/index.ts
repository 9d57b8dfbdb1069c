export { Embedder, type EmbedderOptions, type EmbeddingInput, type Embeddings, type LoadEmbedderOptions } from "./Embedder.ts";
