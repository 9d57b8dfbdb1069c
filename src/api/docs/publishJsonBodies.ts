import type { TSchema } from "elysia";

interface Operation {
    readonly requestBody?: { readonly content?: Record<string, unknown> };
}
type Spec = { readonly paths?: Record<string, Record<string, Operation>> };
/** What a route of the app tells: its method, path and body schema. */
export type RouteWithBody = { readonly method: string; readonly path: string; readonly hooks: { readonly body?: unknown } };

/**
 * The OpenAPI plugin leaves a request body's content empty when the route reads its body with its
 * own parser (ours counts bytes, `readJsonBody`), so the spec would show no request schema. This
 * puts each route's body schema back under `application/json`, the only type those routes accept.
 */
export function publishJsonBodies(spec: Spec, routes: readonly RouteWithBody[]): Spec {
    const paths: Record<string, Record<string, Operation>> = {};
    for (const [path, operations] of Object.entries(spec.paths ?? {})) {
        paths[path] = {};
        for (const [method, operation] of Object.entries(operations)) {
            const body = routes.find((route) => route.method.toLowerCase() === method && route.path.replace(/:([^/]+)/g, "{$1}") === path)?.hooks.body as TSchema | undefined;
            const empty = operation.requestBody != null && Object.keys(operation.requestBody.content ?? {}).length === 0;
            paths[path][method] = empty && body != null
                ? { ...operation, requestBody: { ...operation.requestBody, content: { "application/json": { schema: body } } } }
                : operation;
        }
    }
    return { ...spec, paths };
}
