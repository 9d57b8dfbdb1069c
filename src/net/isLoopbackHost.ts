/** Whether a listen address or Host name means this machine only (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
    const name = host.toLowerCase().replace(/^\[|\]$/g, "");
    return name === "localhost" || name === "::1" || /^127\.\d+\.\d+\.\d+$/.test(name);
}
