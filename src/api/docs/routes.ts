import { Elysia } from "elysia";
import { docsPage } from "./docsPage.ts";
import { viewer } from "./viewer.ts";

const headers = (type: string, policy?: string) => ({
    "content-type": type,
    "cache-control": "no-cache",
    "x-content-type-options": "nosniff",
    ...(policy != null ? { "content-security-policy": policy, "referrer-policy": "no-referrer" } : {})
});
const pagePolicy = "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * `GET /openapi`: the API docs in Swagger UI, served from this server's own copy (works offline);
 * the spec is at /openapi/json. The page and the viewer's files are public (auth.ts), like the
 * dashboard page: they hold no data, and the page asks for the key before it fetches the spec.
 */
export function docsRoutes() {
    const hide = { detail: { hide: true } };
    return new Elysia({ name: "docs" })
        .get("/openapi", () => new Response(docsPage, { headers: headers("text/html; charset=utf-8", pagePolicy) }), hide)
        .get("/openapi/swagger-ui.css", () => new Response(viewer.css, { headers: headers("text/css; charset=utf-8") }), hide)
        .get("/openapi/swagger-ui-bundle.js", () => new Response(viewer.script, { headers: headers("text/javascript; charset=utf-8") }), hide);
}
