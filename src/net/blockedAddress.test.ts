import { describe, expect, test } from "bun:test";
import { blockedAddress, blockedHostName } from "./blockedAddress.ts";

describe("blockedAddress", () => {
    test("refuses loopback, private, link-local and metadata addresses", () => {
        for (const address of [
            "127.0.0.1", "127.1.2.3", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "100.64.0.1", "224.0.0.251", "255.255.255.255",
            "::1", "::", "fe80::1", "fd00:ec2::254", "fc00::1", "ff02::fb",
            "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "::127.0.0.1",
            "::ffff:0:127.0.0.1", "::ffff:0:7f00:1", "::ffff:0:169.254.169.254", "::ffff:0:10.0.0.1"
        ])
            expect(blockedAddress(address), address).toBeDefined();
    });

    test("allows public addresses", () => {
        for (const address of ["1.1.1.1", "8.8.8.8", "93.184.216.34", "172.32.0.1", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8", "::ffff:0:8.8.8.8"])
            expect(blockedAddress(address), address).toBeUndefined();
    });

    test("names the reason", () => {
        expect(blockedAddress("127.0.0.1")).toBe("loopback");
        expect(blockedAddress("169.254.169.254")).toBe("link-local (cloud metadata)");
        expect(blockedAddress("fd00:ec2::254")).toBe("unique-local (private)");
        expect(blockedAddress("::ffff:0:127.0.0.1")).toBe("loopback");
        expect(blockedAddress("example.com")).toBe("not an IP address");
    });

    test("refuses names that always mean this machine or metadata", () => {
        expect(blockedHostName("localhost")).toBe("loopback");
        expect(blockedHostName("api.localhost.")).toBe("loopback");
        expect(blockedHostName("metadata.google.internal")).toBe("cloud metadata");
        expect(blockedHostName("example.com")).toBeUndefined();
    });
});
