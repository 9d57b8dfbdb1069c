import { afterEach, expect, test } from "bun:test";
import fs from "node:fs";
import path from "node:path";
import { createLogger } from "../log.ts";
import { TempFolders } from "../../test/support/TempFolders.ts";
import { TrustBook, trustFileName } from "./TrustBook.ts";

const folders = new TempFolders("trust-book");
afterEach(() => folders.dispose());

function logger(lines: string[]) {
    return createLogger("warn", (line) => void lines.push(line));
}

const nodes = [{ model: "qwen", node: "aaaaaaaaaaaaaaaa" }, { model: "phi", node: "bbbbbbbbbbbbbbbb" }, { model: "gemma", node: "cccccccccccccccc" }];

test("learned trust survives a restart, per model and node; nothing is left beside the file", () => {
    const dir = folders.make();
    const book = TrustBook.load(dir, logger([]));
    for (let vote = 0; vote < 10; vote++) book.record(nodes, [true, vote % 2 === 0, null]);
    const before = book.view("qwen", "aaaaaaaaaaaaaaaa");
    expect(before).toMatchObject({ agreements: 10, votes: 10 });
    expect(before.weight).toBeGreaterThan(1);
    expect(before.reason).toBe(`node aaaaaaaaaaaaaaaa agreed with the others on 10 of 10 decided votes → weight ${before.weight.toFixed(2)}`);
    expect(book.view("phi", "bbbbbbbbbbbbbbbb")).toMatchObject({ agreements: 5, votes: 10 });
    expect(book.view("gemma", "cccccccccccccccc")).toMatchObject({ votes: 0, weight: 1 });

    const restarted = TrustBook.load(dir, logger([]));
    expect(restarted.view("qwen", "aaaaaaaaaaaaaaaa")).toEqual(before);
    expect(restarted.weights(nodes).get("qwen@aaaaaaaaaaaaaaaa")).toBeCloseTo(book.weights(nodes).get("qwen@aaaaaaaaaaaaaaaa")!, 12);
    // The same node with another model starts afresh.
    expect(restarted.view("llama", "aaaaaaaaaaaaaaaa")).toMatchObject({ votes: 0, weight: 1 });
    expect(fs.readdirSync(dir)).toEqual([trustFileName]);
});

test("a damaged trust file is reported and every node starts neutral; bad records are dropped", () => {
    const dir = folders.make();
    fs.writeFileSync(path.join(dir, trustFileName), "{ not json");
    const lines: string[] = [];
    expect(TrustBook.load(dir, logger(lines)).view("qwen", "aaaaaaaaaaaaaaaa")).toMatchObject({ votes: 0, weight: 1 });
    expect(lines.join("")).toContain("is damaged");

    fs.writeFileSync(path.join(dir, trustFileName), JSON.stringify({
        version: 1,
        nodes: {
            "qwen@aaaaaaaaaaaaaaaa": { agreed: 50, decided: 10, agreements: 50, votes: 10, updated: null },
            "phi@bbbbbbbbbbbbbbbb": { agreed: 5, decided: 10, agreements: 5, votes: 10, updated: null }
        }
    }));
    const book = TrustBook.load(dir, logger([]));
    expect(book.view("qwen", "aaaaaaaaaaaaaaaa").votes).toBe(0);
    expect(book.view("phi", "bbbbbbbbbbbbbbbb").votes).toBe(10);
});
