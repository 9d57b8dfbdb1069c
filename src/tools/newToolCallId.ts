import crypto from "node:crypto";

/** An id for one tool call, in OpenAI's `call_...` form. */
export function newToolCallId(): string {
    return `call_${crypto.randomBytes(12).toString("base64url")}`;
}
