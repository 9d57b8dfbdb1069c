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
}

export abstract class SwarmError extends Error {
    abstract readonly code: string;
    abstract readonly status: number;
    abstract readonly type: OpenAiErrorType;
    readonly param: string | undefined;

    constructor(message: string, options: SwarmErrorOptions = {}) {
        super(message, { cause: options.cause });
        this.name = new.target.name;
        this.param = options.param;
    }
}

/** The request is malformed or asks for something impossible. */
export class InvalidRequestError extends SwarmError {
    readonly code: string;
    readonly status = 400;
    readonly type = "invalid_request_error";

    constructor(message: string, options: SwarmErrorOptions & { code?: string } = {}) {
        super(message, options);
        this.code = options.code ?? "invalid_request";
    }
}

/** A model file is not a well-formed GGUF (checked before llama.cpp ever parses it). */
export class InvalidModelError extends InvalidRequestError {
    constructor(message: string, options: SwarmErrorOptions = {}) {
        super(message, { ...options, code: "invalid_model", param: "model" });
    }
}

export class AuthenticationError extends SwarmError {
    readonly code = "invalid_api_key";
    readonly status = 401;
    readonly type = "authentication_error";
}

export class PermissionError extends SwarmError {
    readonly code: string;
    readonly status = 403;
    readonly type = "permission_error";

    constructor(message: string, options: SwarmErrorOptions & { code?: string } = {}) {
        super(message, options);
        this.code = options.code ?? "forbidden";
    }
}

export class NotFoundError extends SwarmError {
    readonly code: string;
    readonly status = 404;
    readonly type = "not_found_error";

    constructor(message: string, options: SwarmErrorOptions & { code?: string } = {}) {
        super(message, options);
        this.code = options.code ?? "not_found";
    }
}

export class PayloadTooLargeError extends SwarmError {
    readonly code = "payload_too_large";
    readonly status = 413;
    readonly type = "invalid_request_error";
}

/** The swarm's queue is full; the client should retry after `retryAfterSeconds`. */
export class OverloadedError extends SwarmError {
    readonly code = "overloaded";
    readonly status = 429;
    readonly type = "rate_limit_error";

    constructor(message: string, readonly retryAfterSeconds: number, options: SwarmErrorOptions = {}) {
        super(message, options);
    }
}

/** llama.cpp (or a peer) failed while generating. */
export class EngineError extends SwarmError {
    readonly code: string;
    readonly status = 500;
    readonly type = "server_error";

    constructor(message: string, options: SwarmErrorOptions & { code?: string } = {}) {
        super(message, options);
        this.code = options.code ?? "engine_error";
    }
}

/** The request was cancelled (client went away, or shutdown). Never shown to a connected client. */
export class CancelledError extends SwarmError {
    readonly code = "cancelled";
    readonly status = 499;
    readonly type = "server_error";
}

/** A setting or flag has a bad value; the CLI exits with status 2. */
export class ConfigError extends SwarmError {
    readonly code = "invalid_config";
    readonly status = 400;
    readonly type = "invalid_request_error";
}

/** The request ran past its deadline and was cancelled. */
export class DeadlineError extends SwarmError {
    readonly code = "deadline_exceeded";
    readonly status = 504;
    readonly type = "server_error";
}

/** The server is shutting down and takes no more work. */
export class ShuttingDownError extends SwarmError {
    readonly code = "shutting_down";
    readonly status = 503;
    readonly type = "server_error";
}

/** No model in the catalog (or the one asked for) fits this machine's memory budget. */
export class InsufficientMemoryError extends SwarmError {
    readonly code = "insufficient_memory";
    readonly status = 507;
    readonly type = "server_error";
}

/**
 * A model download failed: `code` says how (`http_error`, `checksum_mismatch`, `disk_full`,
 * `redirect_refused`, `timeout`, `network_error`). The `.partial` file is kept only where resuming it
 * can succeed.
 */
export class DownloadError extends SwarmError {
    readonly code: string;
    readonly status = 502;
    readonly type = "server_error";

    constructor(message: string, options: SwarmErrorOptions & { code: string }) {
        super(message, options);
        this.code = options.code;
    }
}

/** A tool ran but could not do its job (a fetch failed, a command could not start). */
export class ToolFailedError extends SwarmError {
    readonly code: string;
    readonly status = 502;
    readonly type = "server_error";

    constructor(message: string, options: SwarmErrorOptions & { code?: string } = {}) {
        super(message, options);
        this.code = options.code ?? "tool_failed";
    }
}

/** The inference runtime embedded in a compiled binary cannot be unpacked or is missing for this platform. */
export class RuntimeError extends SwarmError {
    readonly code = "runtime_unavailable";
    readonly status = 500;
    readonly type = "server_error";
}

/** Installing, removing or querying the background service failed, or is not possible here. */
export class ServiceError extends SwarmError {
    readonly code = "service_error";
    readonly status = 500;
    readonly type = "server_error";
}

/** A federation request or announcement is not signed with this swarm's secret, or is stale or replayed. */
export class PeerAuthError extends SwarmError {
    readonly code = "invalid_peer_signature";
    readonly status = 401;
    readonly type = "authentication_error";
}

/** A federation peer could not be reached, answered late, or answered something malformed. */
export class PeerError extends SwarmError {
    readonly code: string;
    readonly status = 502;
    readonly type = "server_error";

    constructor(message: string, options: SwarmErrorOptions & { code?: string } = {}) {
        super(message, options);
        this.code = options.code ?? "peer_failed";
    }
}
