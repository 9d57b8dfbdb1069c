import { Elysia, t } from "elysia";
import { NotFoundError } from "../../errors.ts";
import { errorBody, errorResponses, jsonResponse, modelObject } from "../openapiResponses.ts";

export function modelsRoutes(modelId: string, created: number) {
    const model = { id: modelId, object: "model" as const, created, owned_by: "local-swarm" };
    return new Elysia({ name: "models" })
        .get("/v1/models", () => ({ object: "list" as const, data: [model] }), {
            detail: {
                summary: "List the models this swarm serves", tags: ["models"],
                responses: { 200: jsonResponse("The served model", t.Object({ object: t.Literal("list"), data: t.Array(modelObject) })), 401: errorResponses[401] }
            }
        })
        .get(
            "/v1/models/:id",
            ({ params }) => {
                if (params.id !== modelId) throw new NotFoundError(`model "${params.id}" is not served here; GET /v1/models lists what is`, { code: "model_not_found", param: "model" });
                return model;
            },
            {
                params: t.Object({ id: t.String() }),
                detail: {
                    summary: "Describe one model", tags: ["models"],
                    responses: { 200: jsonResponse("The model", modelObject), 401: errorResponses[401], 404: jsonResponse("Not a model this swarm serves", errorBody) }
                }
            }
        );
}
