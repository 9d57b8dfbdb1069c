import os from "node:os";

/** The URL a user on this machine (or, for 0.0.0.0, another one on the LAN) reaches the API at. */
export function serverUrl(host: string, port: number): string {
    const reachable = host === "0.0.0.0" || host === "::" ? lanAddress() : host;
    return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
}

/** A ready-to-paste request against the chat completions endpoint. */
export function curlExample(host: string, port: number, apiKey: string | undefined): string {
    const body = JSON.stringify({ model: "local-swarm", messages: [{ role: "user", content: "Say hello in five words." }] });
    return [
        `curl ${serverUrl(host, port)}/v1/chat/completions \\`,
        "  -H 'Content-Type: application/json' \\",
        ...(apiKey != null ? [`  -H 'Authorization: Bearer ${apiKey}' \\`] : []),
        `  -d '${body}'`
    ].join("\n");
}

function lanAddress(): string {
    for (const addresses of Object.values(os.networkInterfaces()))
        for (const address of addresses ?? [])
            if (address.family === "IPv4" && !address.internal) return address.address;
    return "127.0.0.1";
}
