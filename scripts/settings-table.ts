// Prints the README's settings table from the one settings table, so the two never disagree.
import { flagName, settingsTable, type SettingSpec } from "../src/config/index.ts";

console.log("| setting | flag | default | meaning |");
console.log("| --- | --- | --- | --- |");
for (const [name, spec] of Object.entries(settingsTable) as [string, SettingSpec][]) {
    const flag = spec.kind === "boolean" ? `\`--[no-]${flagName(name)}\`` : `\`--${flagName(name)}\`${spec.kind === "list" ? " (repeatable)" : ""}`;
    const shown = spec.secret === true || spec.default === undefined ? "–" : Array.isArray(spec.default) ? (spec.default.length === 0 ? "–" : spec.default.join(", ")) : String(spec.default);
    const choices = spec.choices != null ? ` (${spec.choices.join(", ")})` : "";
    console.log(`| ${name} | ${flag} | ${shown} | ${spec.description.replaceAll("|", "\\|")}${choices} |`);
}
