import { expect, test } from "bun:test";
import fs from "node:fs";
import path from "node:path";

/**
 * The domains under src/ import each other one way only: a cycle (swarm → tools → swarm, once) means
 * two domains cannot be understood, tested or changed apart. Files directly under src/ (errors.ts,
 * log.ts) count as their own domain.
 */
const src = path.resolve(import.meta.dir, "..", "src");
const domainOf = (relative: string) => relative.split(path.sep)[0]!;

function domainImports(): Map<string, Map<string, string>> {
    const edges = new Map<string, Map<string, string>>();
    for (const file of fs.readdirSync(src, { recursive: true }) as string[]) {
        if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
        const from = domainOf(file);
        for (const match of fs.readFileSync(path.join(src, file), "utf8").matchAll(/\bfrom "(\.{1,2}\/[^"]+)"/g)) {
            const target = path.relative(src, path.resolve(src, path.dirname(file), match[1]!));
            if (target.startsWith("..")) continue;
            const to = domainOf(target);
            if (to === from) continue;
            if (!edges.has(from)) edges.set(from, new Map());
            edges.get(from)!.set(to, file);
        }
    }
    return edges;
}

test("no import cycle between the domains of src/", () => {
    const edges = domainImports();
    const cycles: string[] = [];
    const visit = (domain: string, trail: string[]) => {
        for (const [next, file] of edges.get(domain) ?? []) {
            const at = trail.indexOf(next);
            if (at >= 0) cycles.push([...trail.slice(at), next].join(" → ") + ` (last step in ${file})`);
            else visit(next, [...trail, next]);
        }
    };
    for (const domain of edges.keys()) visit(domain, [domain]);
    expect(cycles).toEqual([]);
});

test("tools/ does not import swarm/ (the swarm runs tools, not the other way round)", () => {
    expect(domainImports().get("tools")?.has("swarm") ?? false).toBe(false);
});
