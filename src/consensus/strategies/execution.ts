import type { ExecutionReport } from "../executionTypes.ts";
import type { StrategyResult } from "../types.ts";
import { similarityStrategy } from "./similarity.ts";
import type { StrategyContext } from "./strategyContext.ts";

/**
 * Dual agreement (CodeT: Chen et al., 2022, "CodeT: Code Generation with Generated Tests",
 * arXiv:2207.10397): candidates that pass exactly the same set of tests form one group, and a group
 * scores (its candidates' total vote weight) × (the number of tests they pass) — with weight 1 per
 * candidate that is CodeT's |S_x| · |S_y|. Every candidate scores its group's score; one that does
 * not compile, crashes, times out, prints too much or passes nothing scores 0. Equal scores are
 * ordered by the similarity vote. Without results (no tests, a language that cannot run) or when no
 * candidate passes a test, this is the similarity vote, and the reason says why.
 */
export function executionStrategy(context: StrategyContext, reason = "execution requested"): StrategyResult {
    const similarity = similarityStrategy(context, reason);
    const report = context.execution;
    const fallBack = (why: string): StrategyResult => ({ ...similarity, reason: `${reason}; ${why}, fell back to similarity` });
    if (report == null) return fallBack("no execution results");
    if ("skipped" in report) return fallBack(report.skipped);
    if (report.tests.length === 0) return fallBack(`no test to run (${report.dropped} did not parse)`);
    const { weights } = context;
    const passes = report.runs.map((run) => (run.status === "ran" ? run.passed.filter(Boolean).length : 0));
    const groups = new Map<string, { members: number[]; weight: number; tests: number }>();
    report.runs.forEach((run, index) => {
        if (passes[index] === 0) return;
        const key = run.passed.map((passed) => (passed ? "1" : "0")).join("");
        const group = groups.get(key) ?? { members: [], weight: 0, tests: passes[index]! };
        group.members.push(index);
        group.weight += weights[index]!;
        groups.set(key, group);
    });
    if (groups.size === 0) return fallBack(`no candidate passed any of ${report.tests.length} tests`);
    const scores = report.runs.map(() => 0);
    for (const group of groups.values()) for (const member of group.members) scores[member] = group.weight * group.tests;
    const ranked = [...groups.values()].sort((a, b) => b.weight * b.tests - a.weight * a.tests || similarityOf(b.members, similarity.scores) - similarityOf(a.members, similarity.scores));
    const best = ranked[0]!;
    const total = ranked.reduce((sum, group) => sum + group.weight * group.tests, 0);
    const allWeight = weights.reduce((sum, weight) => sum + weight, 0);
    return {
        strategy: "execution",
        reason: `${reason}; ${summaryLine(report, passes, best.members.length, best.tests)}`,
        scores,
        secondary: similarity.scores,
        agreement: allWeight === 0 ? 0 : best.weight / allWeight,
        confidence: total === 0 ? 0 : (best.weight * best.tests) / total,
        execution: {
            language: report.language,
            tests: report.tests.length,
            dropped: report.dropped,
            passes,
            statuses: report.runs.map((run) => run.status),
            group: best.members,
            groupTests: best.tests
        }
    };
}

function similarityOf(members: readonly number[], scores: readonly number[]): number {
    return Math.max(...members.map((member) => scores[member]!));
}

function summaryLine(report: ExecutionReport, passes: readonly number[], groupSize: number, groupTests: number): string {
    const dropped = report.dropped === 0 ? "" : ` (${report.dropped} more did not parse)`;
    return `${report.language}: ${report.tests.length} tests${dropped}; passes per candidate [${passes.join(", ")}]; `
        + `winning group: ${groupSize} candidate${groupSize === 1 ? "" : "s"} × ${groupTests} test${groupTests === 1 ? "" : "s"}`;
}
