import { describe, expect, it } from 'vitest';
import { extent, linearScale, logScale, niceDomain, niceTicks, tickStep } from './scale';

describe('chart scales', () => {
  it('extent skips non-finite values and is null without any', () => {
    expect(extent([3, NaN, -1, Infinity, 7])).toEqual([-1, 7]);
    expect(extent([NaN])).toBeNull();
  });

  it('steps are 1, 2 or 5 times a power of ten', () => {
    for (const [lo, hi, n] of [[0, 1, 5], [0, 97, 5], [0.31, 0.73, 4], [-3, 1234, 6], [0, 1e-7, 5]]) {
      const step = tickStep(lo, hi, n);
      const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-12);
      expect([1, 2, 5, 10].some((m) => Math.abs(mantissa - m) < 1e-9)).toBe(true);
    }
  });

  it('ticks are round, inside the domain, and free of float noise', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.31, 0.73, 4)).toEqual([0.4, 0.5, 0.6, 0.7]);
    expect(niceTicks(7, 7, 5)).toEqual([7]);
    for (const t of niceTicks(13, 517, 6)) expect(t >= 13 && t <= 517).toBe(true);
  });

  it('an auto domain widens to round steps and gives a single value a span', () => {
    expect(niceDomain([0.31, 0.73], 4)).toEqual([0.3, 0.8]);
    expect(niceDomain([2, 2], 5)).toEqual([1.8, 2.2]);
    expect(niceDomain([0, 0], 5)).toEqual([-1, 1]);
  });

  it('a linear scale maps the domain onto the range and inverts', () => {
    const s = linearScale([10, 30], [0, 200], 5);
    expect([s(10), s(20), s(30)]).toEqual([0, 100, 200]);
    expect(s.invert(50)).toBe(15);
    const flipped = linearScale([0, 100], [180, 0], 5); // y: larger values higher up
    expect(flipped(100)).toBe(0);
  });

  it('a log scale spans whole decades, with 1-2-5 ticks over few of them', () => {
    const s = logScale([0.03, 0.7], [150, 0]);
    expect(s.domain).toEqual([0.01, 1]);
    expect(s.ticks).toEqual([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]);
    expect(s(0.1)).toBeCloseTo(75, 9);
    expect(s.invert(s(0.37))).toBeCloseTo(0.37, 9);
    expect(logScale([1e-5, 2], [100, 0]).ticks).toEqual([1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10]);
  });
});
