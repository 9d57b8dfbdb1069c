import { expect, test } from "bun:test";
import { scrubEnvironment } from "./scrubEnvironment.ts";

test("scrubEnvironment keeps what programs need and drops secrets", () => {
    const env = scrubEnvironment({
        PATH: "/bin:.::bin:/ws/bin:/usr/bin", LANG: "C.UTF-8", LC_ALL: "C", HOME: "/root", OPENAI_API_KEY: "sk-x", LOCAL_SWARM_API_KEY: "k",
        AWS_SECRET_ACCESS_KEY: "a", GITHUB_TOKEN: "g", SSH_AUTH_SOCK: "/tmp/agent", LD_PRELOAD: "/tmp/evil.so"
    }, "/ws");
    expect(env).toEqual({ PATH: "/bin:/usr/bin", LANG: "C.UTF-8", LC_ALL: "C", HOME: "/ws", PWD: "/ws" });
});
