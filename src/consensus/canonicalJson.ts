/**
 * The text as canonical JSON (object keys sorted, no spaces), or undefined when it is not a JSON
 * object or array. A single fenced block around the JSON is accepted.
 */
export function canonicalJson(text: string): string | undefined {
    const trimmed = text.trim();
    const fenced = /^```[a-zA-Z]*\n([\s\S]*?)\n?```$/.exec(trimmed);
    const body = (fenced?.[1] ?? trimmed).trim();
    if (!(body.startsWith("{") || body.startsWith("["))) return undefined;
    try {
        return JSON.stringify(sortKeys(JSON.parse(body)));
    } catch {
        return undefined;
    }
}

function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value != null && typeof value === "object")
        return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
    return value;
}
