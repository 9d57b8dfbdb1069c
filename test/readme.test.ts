import { expect, test } from "bun:test";
import fs from "node:fs";
import path from "node:path";
import { flagName, settingsTable } from "../src/config/index.ts";
import { commands } from "../src/cli/commands/index.ts";

const readme = fs.readFileSync(path.join(import.meta.dir, "..", "README.md"), "utf8");

test("the README documents every setting and every command", () => {
    for (const name of Object.keys(settingsTable)) expect(readme).toMatch(new RegExp(`--(\\[no-\\])?${flagName(name)}\\b`));
    for (const command of commands) expect(readme).toContain(`\`${command.name}`);
});
