import net from "node:net";

/**
 * Why `address` (an IPv4 or IPv6 literal) must not be fetched by a tool, or undefined when it is
 * a public unicast address. Covers loopback, private, carrier-grade NAT, link-local (and with it
 * the 169.254.169.254 cloud metadata service), unique-local (fd00:ec2::254), multicast, reserved
 * and documentation ranges, and IPv4 hidden inside IPv6 (mapped, translated, compatible, NAT64, 6to4).
 */
export function blockedAddress(address: string): string | undefined {
    const version = net.isIP(address);
    if (version === 4) return blockedIpv4(ipv4Bytes(address));
    if (version === 6) return blockedIpv6(ipv6Bytes(address));
    return "not an IP address";
}

/** Reasons of `blockedAddress` that mean this machine itself or its link (where metadata services live). */
const machineLocalReasons = new Set(["unspecified", "loopback", "link-local (cloud metadata)", "link-local"]);
/** Cloud metadata services outside link-local ranges (Alibaba's, AWS's IPv6 one). */
const metadataAddresses = new Set(["100.100.100.200", "fd00:ec2::254"]);

/**
 * Whether `address` is this machine, a link-local address or a cloud metadata service: the
 * narrower rule for downloads, which may come from a mirror on the LAN but never from here.
 */
export function isMachineLocalAddress(address: string): boolean {
    if (metadataAddresses.has(address.toLowerCase())) return true;
    const reason = blockedAddress(address);
    return reason != null && machineLocalReasons.has(reason);
}

/** Host names that always mean this machine or a cloud metadata service, whatever DNS says. */
export function blockedHostName(host: string): string | undefined {
    const name = host.toLowerCase().replace(/\.$/, "");
    if (name === "localhost" || name.endsWith(".localhost")) return "loopback";
    if (name === "metadata" || name === "metadata.google.internal" || name === "instance-data" || name.endsWith(".internal")) return "cloud metadata";
    return undefined;
}

type Range = readonly [prefix: readonly number[], bits: number, reason: string];

const ipv4Ranges: readonly Range[] = [
    [[0], 8, "unspecified"],
    [[10], 8, "private"],
    [[100, 64], 10, "carrier-grade NAT"],
    [[127], 8, "loopback"],
    [[169, 254], 16, "link-local (cloud metadata)"],
    [[172, 16], 12, "private"],
    [[192, 0, 0], 24, "IETF protocol assignments"],
    [[192, 0, 2], 24, "documentation"],
    [[192, 88, 99], 24, "6to4 relay"],
    [[192, 168], 16, "private"],
    [[198, 18], 15, "benchmarking"],
    [[198, 51, 100], 24, "documentation"],
    [[203, 0, 113], 24, "documentation"],
    [[224], 4, "multicast"],
    [[240], 4, "reserved"]
];

const ipv6Ranges: readonly Range[] = [
    [[0x01, 0x00], 64, "discard-only"],
    [[0x20, 0x01, 0x0d, 0xb8], 32, "documentation"],
    [[0x20, 0x01, 0x00, 0x00], 32, "Teredo"],
    [[0x20, 0x01, 0x00, 0x10], 28, "ORCHID"],
    [[0xfc], 7, "unique-local (private)"],
    [[0xfe, 0x80], 10, "link-local"],
    [[0xfe, 0xc0], 10, "site-local"],
    [[0xff], 8, "multicast"]
];

function blockedIpv4(bytes: readonly number[]): string | undefined {
    return ipv4Ranges.find(([prefix, bits]) => inRange(bytes, prefix, bits))?.[2];
}

function blockedIpv6(bytes: readonly number[]): string | undefined {
    const zeros = (from: number, to: number) => bytes.slice(from, to).every((byte) => byte === 0);
    if (zeros(0, 15) && bytes[15] === 0) return "unspecified";
    if (zeros(0, 15) && bytes[15] === 1) return "loopback";
    // IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d, SIIT) and IPv4-compatible
    // (::a.b.c.d) addresses reach the IPv4 address.
    if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return blockedIpv4(bytes.slice(12));
    if (zeros(0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && zeros(10, 12)) return blockedIpv4(bytes.slice(12));
    if (zeros(0, 12)) return blockedIpv4(bytes.slice(12));
    // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address too.
    if (inRange(bytes, [0x00, 0x64, 0xff, 0x9b], 96)) return blockedIpv4(bytes.slice(12));
    if (bytes[0] === 0x20 && bytes[1] === 0x02) return blockedIpv4(bytes.slice(2, 6));
    return ipv6Ranges.find(([prefix, bits]) => inRange(bytes, prefix, bits))?.[2];
}

function inRange(bytes: readonly number[], prefix: readonly number[], bits: number): boolean {
    for (let bit = 0; bit < bits; bit++) {
        const byte = Math.floor(bit / 8);
        const mask = 0x80 >> (bit % 8);
        if (((bytes[byte] ?? 0) & mask) !== ((prefix[byte] ?? 0) & mask)) return false;
    }
    return true;
}

function ipv4Bytes(address: string): number[] {
    return address.split(".").map(Number);
}

function ipv6Bytes(address: string): number[] {
    let text = address.replace(/%.*$/, "");
    // A trailing dotted IPv4 part becomes two hex groups.
    const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (dotted?.[1] != null) {
        const [a = 0, b = 0, c = 0, d = 0] = ipv4Bytes(dotted[1]);
        text = text.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
    }
    const [head = "", tail] = text.split("::");
    const headGroups = head === "" ? [] : head.split(":");
    const tailGroups = tail == null || tail === "" ? [] : tail.split(":");
    const groups = tail == null ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups];
    return groups.flatMap((group) => {
        const value = parseInt(group, 16);
        return [value >> 8, value & 0xff];
    });
}
