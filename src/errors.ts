/**
 * Every error a user can see is one of these: a stable string `code`, an HTTP `status`, an
 * OpenAI error `type`, and a message a user can act on. The API maps them to OpenAI-style JSON in
 * one place (`api/errorBody.ts`); the CLI prints the message and exits non-zero.
 */
export type OpenAiErrorType =
    | "invalid_request_error"
    | "authentication_error"
    | "permission_error"
    | "not_found_error"
    | "rate_limit_error"
    | "server_error";

export interface SwarmErrorOptions {
    param?: string;
    cause?: unknown;
    /** A more precise code than the class's `defaultCode` (e.g. `model_not_found`); default: `defaultCode`. */
    code?: string;
}

export abstract class SwarmError extends Error {
    /**
     * The `code` an error of this class carries unless its options name one. Static, not an instance
     * field, because the base constructor reads it before a subclass's fields exist.
     */
    protected static readonly defaultCode: string;

    readonly code: string;
    abstract readonly status: number;
    abstract readonly type: OpenAiErrorType;
    readonly param: string | undefined;

    constructor(message: string, options: SwarmErrorOptions = {}) {
        super(message, { cause: options.cause });
        this.name = new.target.name;
        this.code = options.code ?? new.target.defaultCode;
        this.param = options.param;
    }
}

/** The request is malformed or asks for something impossible. */
export class InvalidRequestError extends SwarmError {
    // Typed `string` so that InvalidModelError can override it.
    protected static override readonly defaultCode: string = "invalid_request";
    readonly status = 400;
    readonly type = "invalid_request_error";
}

/** A model file is not a well-formed GGUF (checked before llama.cpp ever parses it). */
export class InvalidModelError extends InvalidRequestError {
    protected static override readonly defaultCode = "invalid_model";

    constructor(message: string, options: SwarmErrorOptions = {}) {
        super(message, { ...options, param: "model" });
    }
}

export class AuthenticationError extends SwarmError {
    protected static override readonly defaultCode = "invalid_api_key";
    readonly status = 401;
    readonly type = "authentication_error";
}

export class PermissionError extends SwarmError {
    protected static override readonly defaultCode = "forbidden";
    readonly status = 403;
    readonly type = "permission_error";
}

export class NotFoundError extends SwarmError {
    protected static override readonly defaultCode = "not_found";
    readonly status = 404;
    readonly type = "not_found_error";
}

export class PayloadTooLargeError extends SwarmError {
    protected static override readonly defaultCode = "payload_too_large";
    readonly status = 413;
    readonly type = "invalid_request_error";
}

/** The swarm's queue is full; the client should retry after `retryAfterSeconds`. */
export class OverloadedError extends SwarmError {
    protected static override readonly defaultCode = "overloaded";
    readonly status = 429;
    readonly type = "rate_limit_error";

    constructor(message: string, readonly retryAfterSeconds: number, options: SwarmErrorOptions = {}) {
        super(message, options);
    }
}

/** llama.cpp (or a peer) failed while generating. */
export class EngineError extends SwarmError {
    protected static override readonly defaultCode = "engine_error";
    readonly status = 500;
    readonly type = "server_error";
}

/** The request was cancelled (client went away, or shutdown). Never shown to a connected client. */
export class CancelledError extends SwarmError {
    protected static override readonly defaultCode = "cancelled";
    readonly status = 499;
    readonly type = "server_error";
}

/** A setting or flag has a bad value; the CLI exits with status 2. */
export class ConfigError extends SwarmError {
    protected static override readonly defaultCode = "invalid_config";
    readonly status = 400;
    readonly type = "invalid_request_error";
}

/** The request ran past its deadline and was cancelled. */
export class DeadlineError extends SwarmError {
    protected static override readonly defaultCode = "deadline_exceeded";
    readonly status = 504;
    readonly type = "server_error";
}

/** The server is shutting down and takes no more work. */
export class ShuttingDownError extends SwarmError {
    protected static override readonly defaultCode = "shutting_down";
    readonly status = 503;
    readonly type = "server_error";
}

/** No model in the catalog (or the one asked for) fits this machine's memory budget. */
export class InsufficientMemoryError extends SwarmError {
    protected static override readonly defaultCode = "insufficient_memory";
    readonly status = 507;
    readonly type = "server_error";
}

/**
 * A model download failed: `code` says how (`http_error`, `checksum_mismatch`, `disk_full`,
 * `redirect_refused`, `timeout`, `network_error`). The `.partial` file is kept only where resuming it
 * can succeed.
 */
export class DownloadError extends SwarmError {
    readonly status = 502;
    readonly type = "server_error";

    // No default code: every download failure says how it failed.
    constructor(message: string, options: SwarmErrorOptions & { code: string }) {
        super(message, options);
    }
}

/** A tool ran but could not do its job (a fetch failed, a command could not start). */
export class ToolFailedError extends SwarmError {
    protected static override readonly defaultCode = "tool_failed";
    readonly status = 502;
    readonly type = "server_error";
}

/** The inference runtime embedded in a compiled binary cannot be unpacked or is missing for this platform. */
export class RuntimeError extends SwarmError {
    protected static override readonly defaultCode = "runtime_unavailable";
    readonly status = 500;
    readonly type = "server_error";
}

/** Installing, removing or querying the background service failed, or is not possible here. */
export class ServiceError extends SwarmError {
    protected static override readonly defaultCode = "service_error";
    readonly status = 500;
    readonly type = "server_error";
}

/** A federation request or announcement is not signed with this swarm's secret, or is stale or replayed. */
export class PeerAuthError extends SwarmError {
    protected static override readonly defaultCode = "invalid_peer_signature";
    readonly status = 401;
    readonly type = "authentication_error";
}

/** A federation peer could not be reached, answered late, or answered something malformed. */
export class PeerError extends SwarmError {
    protected static override readonly defaultCode = "peer_failed";
    readonly status = 502;
    readonly type = "server_error";
}
