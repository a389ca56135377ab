/** d_int90 (docs/design.md §12) on hand-made curves: every case the definition names. */
import { describe, expect, it } from 'vitest';
import { formatIntrinsicDim, intrinsicDim, meanCurve, thresholdOf } from './intrinsic';

const curve = (pairs: [number, number][]) => pairs.map(([d, accuracy]) => ({ d, accuracy }));

describe('d_int90', () => {
  it('is the first grid value that reaches the threshold, interpolated in log d from the point before', () => {
    // The threshold is 0.9 × 0.9 = 0.81: first reached at d = 32.
    const r = intrinsicDim(curve([[8, 0.5], [16, 0.7], [32, 0.9], [64, 0.95]]), thresholdOf('relative', 0.9));
    // t = (0.81 − 0.7) / (0.9 − 0.7) = 0.55, so log d = log 16 + 0.55 · log 2: d = 16 · 2^0.55.
    expect(r).toEqual({ kind: 'found', grid: 32, interpolated: expect.closeTo(16 * 2 ** 0.55, 9) });
    expect(formatIntrinsicDim(r)).toBe('≈ 23 (grid 32)');
  });

  it('is the grid value itself where that value meets the threshold exactly', () => {
    const r = intrinsicDim(curve([[10, 0.2], [100, 0.81], [1000, 0.9]]), 0.81);
    expect(r).toEqual({ kind: 'found', grid: 100, interpolated: expect.closeTo(100, 9) });
  });

  it('takes the first crossing of a curve that is not monotone, in any order given', () => {
    const r = intrinsicDim(curve([[64, 0.95], [8, 0.3], [32, 0.6], [16, 0.85]]), 0.8);
    expect(r.kind).toBe('found');
    expect(r.kind === 'found' && r.grid).toBe(16);
  });

  it('is "≤ d_min" where the smallest d already reaches it', () => {
    const r = intrinsicDim(curve([[8, 0.95], [16, 0.97]]), 0.81);
    expect(r).toEqual({ kind: 'atMost', grid: 8 });
    expect(formatIntrinsicDim(r)).toBe('≤ 8');
  });

  it('is "> d_max" where no grid value reaches it', () => {
    const r = intrinsicDim(curve([[8, 0.1], [16, 0.2], [4096, 0.8]]), 0.81);
    expect(r).toEqual({ kind: 'above', grid: 4096 });
    expect(formatIntrinsicDim(r)).toBe('> 4096');
  });

  it("takes Li et al.'s absolute threshold (90% accuracy) whatever the baseline", () => {
    expect(thresholdOf('absolute', 0.5)).toBe(0.9);
    expect(thresholdOf('relative', 0.5)).toBeCloseTo(0.45, 12);
  });

  it('averages seeds at the d every seed has, with the band from the lowest to the highest', () => {
    const m = meanCurve([curve([[8, 0.5], [16, 0.7]]), curve([[8, 0.7], [16, 0.9], [32, 1]])]);
    expect(m).toEqual([
      { d: 8, accuracy: expect.closeTo(0.6, 12), low: 0.5, high: 0.7, seeds: 2 },
      { d: 16, accuracy: expect.closeTo(0.8, 12), low: 0.7, high: 0.9, seeds: 2 },
    ]);
  });
});
