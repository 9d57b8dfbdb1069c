import { describe, expect, test } from "bun:test";
import { DownloadError } from "../errors.ts";
import { isMachineLocalAddress } from "../net/index.ts";
import { checkRedirect } from "./redirectPolicy.ts";

const resolvesTo = (addresses: string[]) => async () => addresses;

describe("redirect policy", () => {
    test("internal addresses", () => {
        for (const address of ["127.0.0.1", "127.1.2.3", "0.0.0.0", "169.254.169.254", "::1", "fe80::1", "fd00:ec2::254", "::ffff:127.0.0.1", "100.100.100.200", "64:ff9b::7f00:1", "2002:a9fe:a9fe::1"])
            expect(isMachineLocalAddress(address)).toBe(true);
        for (const address of ["8.8.8.8", "192.168.1.10", "2606:4700::1111"]) expect(isMachineLocalAddress(address)).toBe(false);
    });

    test("a CDN on another public host is allowed", async () => {
        await checkRedirect(new URL("https://huggingface.co/a/b/resolve/main/x.gguf"), new URL("https://cdn-lfs.hf.co/x?sig=1"), resolvesTo(["18.1.2.3"]));
    });

    test("the same host is allowed, loopback included", async () => {
        await checkRedirect(new URL("http://127.0.0.1:8080/a"), new URL("http://127.0.0.1:8080/b"), resolvesTo([]));
    });

    test("loopback, link-local, metadata and names resolving to them are refused", async () => {
        const from = new URL("https://huggingface.co/x");
        for (const to of ["http://127.0.0.1/x", "https://localhost/x", "https://169.254.169.254/latest/meta-data", "https://[::1]/x", "https://metadata.google.internal/x"])
            await expect(checkRedirect(from, new URL(to), resolvesTo(["8.8.8.8"]))).rejects.toThrow(DownloadError);
        await expect(checkRedirect(from, new URL("https://rebind.example/x"), resolvesTo(["127.0.0.1"]))).rejects.toThrow(/Refused a redirect/);
    });

    test("no downgrade to http, no other schemes", async () => {
        await expect(checkRedirect(new URL("https://a.example/x"), new URL("http://b.example/x"), resolvesTo(["8.8.8.8"]))).rejects.toThrow(/plain http/);
        await expect(checkRedirect(new URL("https://a.example/x"), new URL("file:///etc/passwd"), resolvesTo([]))).rejects.toThrow(/file: URL/);
    });
});
