import { describe, expect, it } from 'vitest';
import { basisEntry, u01, uneg11 } from './distributions';
import { ksCritical001, ksStatistic, meanVar, normalCdf } from '../test/stats';

const N = 200_000;
const sample = (dist: 'normal' | 'uniform' | 'rademacher') => {
  const xs = new Float64Array(N);
  // Walk j (the fast axis) for several directions i, epochs r and workers w.
  for (let m = 0; m < N; m++) xs[m] = basisEntry(dist, 42, m % 7, Math.floor(m / 7) * 3 + (m % 5), m % 3, m % 2);
  return xs;
};

describe('conversions', () => {
  it('u01 lies in (0, 1) and is never 0, at the extremes too', () => {
    for (const x of [0, 1, 0xff, 0x100, 0xffffffff, 0x80000000]) {
      expect(u01(x)).toBeGreaterThan(0);
      expect(u01(x)).toBeLessThan(1);
    }
    expect(u01(0)).toBe(2 ** -24);
  });

  it('uneg11 lies in (−1, 1) and is symmetric at the extremes', () => {
    expect(uneg11(0x7fffffff)).toBeLessThan(1);
    expect(uneg11(0x80000000)).toBeGreaterThan(-1);
    expect(uneg11(0x7fffffff)).toBe(-uneg11(0x80000000));
  });
});

// Statistical sanity: with N = 200,000 the standard error of the mean is 1/√N ≈ 0.0022
// (for unit variance) and of the variance about √(2/N) ≈ 0.0032 for normals; bounds of
// ~5 standard errors keep false failures below one in a million runs.
describe('basis distributions have zero mean, unit variance and the right shape', () => {
  it('normal: mean 0, variance 1, KS against Φ', () => {
    const xs = sample('normal');
    const { mean, variance } = meanVar(xs);
    expect(Math.abs(mean)).toBeLessThan(0.011);
    expect(Math.abs(variance - 1)).toBeLessThan(0.016);
    expect(ksStatistic(xs, normalCdf)).toBeLessThan(ksCritical001(N));
  });

  it('uniform: mean 0, variance 1, KS against U(−√3, √3)', () => {
    const xs = sample('uniform');
    const { mean, variance } = meanVar(xs);
    expect(Math.abs(mean)).toBeLessThan(0.011);
    expect(Math.abs(variance - 1)).toBeLessThan(0.01); // var of x² for U is 0.8/N → se 0.002
    const a = Math.sqrt(3);
    expect(ksStatistic(xs, (x) => Math.min(1, Math.max(0, (x + a) / (2 * a))))).toBeLessThan(ksCritical001(N));
    expect(xs.every((x) => Math.abs(x) < a)).toBe(true);
  });

  it('rademacher: only ±1, balanced', () => {
    const xs = sample('rademacher');
    expect(xs.every((x) => x === 1 || x === -1)).toBe(true);
    expect(Math.abs(meanVar(xs).mean)).toBeLessThan(0.011);
  });

  it('different (i, r, w) give independent-looking draws', () => {
    // Correlation of two directions over 50,000 entries: se 1/√n ≈ 0.0045.
    const n = 50_000;
    let s = 0;
    for (let j = 0; j < n; j++) s += basisEntry('normal', 1, 0, j, 0, 0) * basisEntry('normal', 1, 1, j, 0, 0);
    expect(Math.abs(s / n)).toBeLessThan(0.025);
    let t = 0;
    for (let j = 0; j < n; j++) t += basisEntry('normal', 1, 0, j, 0, 0) * basisEntry('normal', 1, 0, j, 1, 0);
    expect(Math.abs(t / n)).toBeLessThan(0.025);
  });
});
