import { SwarmError } from "../errors.ts";

export interface OpenAiErrorBody {
    readonly error: {
        readonly message: string;
        readonly type: string;
        readonly param: string | null;
        readonly code: string;
    };
}

export interface MappedError {
    readonly status: number;
    readonly body: OpenAiErrorBody;
    readonly headers: Record<string, string>;
}

/** Elysia's own error codes, as they reach `onError`. */
type FrameworkCode = string | number;

/**
 * The one place errors become HTTP answers: `SwarmError`s keep their status and code; Elysia's parse,
 * validation and not-found errors become 400/400/404; anything else is a 500 whose message says
 * what failed without leaking internals.
 */
export function mapError(frameworkCode: FrameworkCode, error: unknown): MappedError {
    // Elysia wraps whatever a body parser throws (e.g. readJsonBody's 413) in its own ParseError.
    const cause = (error as { cause?: unknown } | null)?.cause;
    if (frameworkCode === "PARSE" && cause instanceof SwarmError) return mapError("UNKNOWN", cause);
    if (error instanceof SwarmError) {
        const headers: Record<string, string> = {};
        if ("retryAfterSeconds" in error && typeof error.retryAfterSeconds === "number")
            headers["retry-after"] = String(error.retryAfterSeconds);
        return { status: error.status, headers, body: body(error.message, error.type, error.code, error.param ?? null) };
    }
    switch (frameworkCode) {
        case "PARSE":
            return { status: 400, headers: {}, body: body("the request body is not valid JSON", "invalid_request_error", "invalid_json", null) };
        case "VALIDATION": {
            const { message, param } = describeValidation(error);
            return { status: 400, headers: {}, body: body(message, "invalid_request_error", "invalid_request", param) };
        }
        case "NOT_FOUND":
            return { status: 404, headers: {}, body: body("no such route; see /openapi for the API", "not_found_error", "not_found", null) };
        default:
            return {
                status: 500,
                headers: {},
                body: body(`internal error: ${(error as Error)?.message ?? String(error)}`, "server_error", "internal_error", null)
            };
    }
}

/** Ollama's error shape: a bare message. */
export interface OllamaErrorBody {
    readonly error: string;
}

/** The error body in the shape of the API a path belongs to: Ollama's under /api/, OpenAI's elsewhere. */
export function errorBodyFor(url: string, mapped: MappedError): OpenAiErrorBody | OllamaErrorBody {
    const path = URL.canParse(url) ? new URL(url).pathname : "";
    return path.startsWith("/api/") ? { error: mapped.body.error.message } : mapped.body;
}

function body(message: string, type: string, code: string, param: string | null): OpenAiErrorBody {
    return { error: { message, type, param, code } };
}

interface ValidationLike {
    readonly all?: readonly { readonly path?: string; readonly message?: string; readonly summary?: string }[];
}

/** Turns Elysia's validation error into "messages.0.role: Expected string" and the param it names. */
function describeValidation(error: unknown): { message: string; param: string | null } {
    // A union reports one error per branch; the shortest path names the field the client got wrong.
    const first = [...((error as ValidationLike).all ?? [])].sort((a, b) => (a.path ?? "").length - (b.path ?? "").length)[0];
    if (first == null) return { message: "the request body does not match the API schema", param: null };
    const param = (first.path ?? "").replace(/^\//, "").replaceAll("/", ".") || null;
    const why = first.summary ?? first.message ?? "invalid value";
    return { message: param == null ? `invalid request: ${why}` : `invalid value for ${param}: ${why}`, param };
}
