/**
 * P(p > 1/2) for p ~ Beta(a, b), a, b >= 1 (real, so weighted counts work): the chance that the
 * leading answer really is the more likely of the top two. Simpson's rule on the log density,
 * accurate to about 1e-6 for counts up to the thousands.
 */
export function betaAboveHalf(a: number, b: number): number {
    if (a === b) return 0.5;
    if (Number.isInteger(a) && Number.isInteger(b)) return binomialBelow(a + b - 1, a);
    const steps = 2000;
    const logDensity = (x: number): number => (a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x);
    const xs = Array.from({ length: steps + 1 }, (_, index) => Math.min(1 - 1e-12, Math.max(1e-12, index / steps)));
    const logs = xs.map(logDensity);
    const peak = Math.max(...logs);
    let below = 0;
    let above = 0;
    for (let index = 0; index <= steps; index++) {
        const weight = index === 0 || index === steps ? 1 : index % 2 === 1 ? 4 : 2;
        const value = weight * Math.exp(logs[index]! - peak);
        const half = steps / 2;
        if (index < half) below += value;
        else if (index > half) above += value;
        else {
            below += value / 2;
            above += value / 2;
        }
    }
    return above / (above + below);
}

/** For integers, P(Beta(a, b) > 1/2) = P(Binomial(a + b - 1, 1/2) < a), summed exactly in log space. */
function binomialBelow(n: number, a: number): number {
    let logTerm = -n * Math.LN2;
    let sum = 0;
    for (let j = 0; j < a; j++) {
        sum += Math.exp(logTerm);
        logTerm += Math.log((n - j) / (j + 1));
    }
    return Math.min(1, sum);
}
