/** Prints rows as an aligned markdown table. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
    const line = (cells: readonly string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
    console.log(line(header));
    console.log(line(widths.map((width) => "-".repeat(width))));
    for (const row of rows) console.log(line(row));
}

export function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
