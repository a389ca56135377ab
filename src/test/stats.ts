/** Small statistics and closeness helpers for tests. */

export function meanVar(xs: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0, s2 = 0;
  for (let i = 0; i < xs.length; i++) { s += xs[i]; s2 += xs[i] * xs[i]; }
  const mean = s / xs.length;
  return { mean, variance: s2 / xs.length - mean * mean };
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Kolmogorov–Smirnov statistic sup|F_n − F| of a sample against a CDF. */
export function ksStatistic(xs: ArrayLike<number>, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(xs).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** The KS critical value at significance 0.001 for sample size n (1.95/√n). */
export const ksCritical001 = (n: number) => 1.949 / Math.sqrt(n);

/** Largest |a−b| − (atol + rtol·|b|); ≤ 0 means all close. Returns the worst index too. */
export function worstClose(a: ArrayLike<number>, b: ArrayLike<number>, rtol: number, atol: number): { excess: number; index: number } {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let excess = -Infinity, index = -1;
  for (let i = 0; i < a.length; i++) {
    const e = Number.isFinite(a[i]) && Number.isFinite(b[i]) ? Math.abs(a[i] - b[i]) - (atol + rtol * Math.abs(b[i])) : Infinity;
    if (e > excess) { excess = e; index = i; }
  }
  return { excess, index };
}

/** Throws a readable message unless every element of `actual` is close to `expected`. */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, { rtol = 0, atol = 0 }: { rtol?: number; atol?: number }, what = 'values'): void {
  const { excess, index } = worstClose(actual, expected, rtol, atol);
  if (excess > 0) {
    throw new Error(`${what}: element ${index} is ${actual[index]}, expected ${expected[index]} (rtol ${rtol}, atol ${atol}; ${actual.length} elements)`);
  }
}
