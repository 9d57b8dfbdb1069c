import { Elysia, t } from "elysia";
import { NotFoundError } from "../../errors.ts";

export function modelsRoutes(modelId: string, created: number) {
    const model = { id: modelId, object: "model" as const, created, owned_by: "local-swarm" };
    return new Elysia({ name: "models" })
        .get("/v1/models", () => ({ object: "list" as const, data: [model] }), {
            detail: { summary: "List the models this swarm serves", tags: ["models"] }
        })
        .get(
            "/v1/models/:id",
            ({ params }) => {
                if (params.id !== modelId) throw new NotFoundError(`model "${params.id}" is not served here; GET /v1/models lists what is`, { code: "model_not_found", param: "model" });
                return model;
            },
            { params: t.Object({ id: t.String() }), detail: { summary: "Describe one model", tags: ["models"] } }
        );
}
