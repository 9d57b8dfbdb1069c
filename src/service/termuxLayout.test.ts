import { describe, expect, test } from "bun:test";
import { detectTermux, termuxLayout } from "./termuxLayout.ts";

/** Recorded from Termux 0.118 on Android 14 (`env` and `getprop ro.build.version.release`). */
const termuxEnv = {
    PREFIX: "/data/data/com.termux/files/usr",
    HOME: "/data/data/com.termux/files/home",
    TERMUX_VERSION: "0.118.1",
    TERMUX_APP__PACKAGE_NAME: "com.termux",
    SHELL: "/data/data/com.termux/files/usr/bin/bash",
    ANDROID_ROOT: "/system",
    ANDROID_DATA: "/data"
};
const getprop = (name: string) => (name === "ro.build.version.release" ? "14" : undefined);

describe("Termux", () => {
    test("is detected from its recorded environment", () => {
        expect(detectTermux(termuxEnv, "linux", getprop)).toEqual({ prefix: "/data/data/com.termux/files/usr", androidRelease: "14" });
        expect(detectTermux({ PREFIX: "/data/data/com.termux/files/usr" }, "android", () => undefined)?.androidRelease).toBeUndefined();
    });

    test("is not detected on an ordinary Linux, even one that sets PREFIX", () => {
        expect(detectTermux({ HOME: "/home/ada", SHELL: "/bin/bash" }, "linux", getprop)).toBeNull();
        expect(detectTermux({ PREFIX: "/usr/local" }, "linux", getprop)).toBeNull();
    });

    test("gets a termux-services service that runs serve and logs through svlogger", () => {
        const termux = detectTermux(termuxEnv, "linux", getprop)!;
        const layout = termuxLayout({
            command: ["/data/data/com.termux/files/home/bin/local-swarm"],
            configFile: "/data/data/com.termux/files/home/.config/local-swarm/config.json",
            dataDir: "/data/data/com.termux/files/home/.local/share/local-swarm",
            cacheDir: "/data/data/com.termux/files/home/.cache/local-swarm"
        }, termux, termux.prefix, true);
        const [run, log] = layout.files;
        expect(run!.path).toBe("/data/data/com.termux/files/usr/var/service/local-swarm/run");
        expect(run!.mode).toBe(0o755);
        expect(run!.content).toStartWith("#!/data/data/com.termux/files/usr/bin/sh\n");
        expect(run!.content).toContain("exec /data/data/com.termux/files/home/bin/local-swarm serve --config /data/data/com.termux/files/home/.config/local-swarm/config.json 2>&1\n");
        expect(log).toEqual({ path: "/data/data/com.termux/files/usr/var/service/local-swarm/log/run",
            linkTo: "/data/data/com.termux/files/usr/share/termux-services/svlogger", mode: 0o755 });
        expect(layout.enable).toEqual([["sv-enable", "local-swarm"]]);
        expect(layout.notes.join("\n")).toContain("termux-wake-lock");
        expect(layout.notes.join("\n")).toContain("battery optimisation");
    });
});
