import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * Swagger UI's script and stylesheet from the `swagger-ui-dist` package. Imported as a Bun macro
 * (see `viewer.ts`), so it runs when the server's code is bundled: `bun build --compile` embeds both
 * files in the binary, and the docs page needs neither the network nor node_modules at run time.
 */
export function readViewer(): { script: string; css: string } {
    const dir = createRequire(import.meta.url).resolve("swagger-ui-dist/package.json").replace(/package\.json$/, "");
    return {
        script: readFileSync(`${dir}swagger-ui-bundle.js`, "utf8"),
        css: readFileSync(`${dir}swagger-ui.css`, "utf8")
    };
}
