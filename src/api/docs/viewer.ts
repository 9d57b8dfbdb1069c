import { readViewer } from "./readViewer.ts" with { type: "macro" };

/** Swagger UI's files, read when the server's code was bundled (see `readViewer`). */
export const viewer: { readonly script: string; readonly css: string } = readViewer();
