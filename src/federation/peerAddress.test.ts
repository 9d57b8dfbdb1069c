import { expect, test } from "bun:test";
import { ConfigError } from "../errors.ts";
import { addressBaseUrl, peerBaseUrl } from "./peerAddress.ts";

test("peer addresses become base URLs", () => {
    expect(peerBaseUrl("10.0.0.2:8001")).toBe("http://10.0.0.2:8001");
    expect(peerBaseUrl("gpu-box")).toBe("http://gpu-box:8000");
    expect(peerBaseUrl("http://gpu-box:9000/")).toBe("http://gpu-box:9000");
    expect(peerBaseUrl("[fd00::2]:8000")).toBe("http://[fd00::2]:8000");
    expect(addressBaseUrl("fd00::2", 8000)).toBe("http://[fd00::2]:8000");
    expect(addressBaseUrl("10.0.0.2", 8000)).toBe("http://10.0.0.2:8000");
});

test("anything but host:port is refused", () => {
    for (const bad of ["https://gpu-box:8000", "gpu-box:8000/x", "user:pw@gpu-box:8000", "gpu-box:notaport", ""])
        expect(() => peerBaseUrl(bad)).toThrow(ConfigError);
});
