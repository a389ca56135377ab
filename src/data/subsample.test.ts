import { describe, expect, it } from 'vitest';
import { classCounts } from './dataset';
import { stratifiedSplit } from './subsample';

describe('stratifiedSplit', () => {
  /** 12 samples of 2 features; features 2i, 2i+1 for sample i. */
  const split = (labels: number[]) => ({ count: labels.length, images: Uint8Array.from({ length: 2 * labels.length }, (_, i) => i), labels: Uint8Array.from(labels) });

  it('keeps each class its share, with its features, whether the split is stored class by class or interleaved', () => {
    const blocked = stratifiedSplit(split([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2]), 6);
    expect([...blocked.labels]).toEqual([0, 0, 0, 1, 1, 2]); // samples 0, 1, 2, 6, 7, 10
    expect([...blocked.images]).toEqual([0, 1, 2, 3, 4, 5, 12, 13, 14, 15, 20, 21]);
    // Interleaved classes: every k-th sample would be one class; the shares stay.
    const interleaved = stratifiedSplit(split([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]), 6);
    expect(classCounts(interleaved, 3)).toEqual([2, 2, 2]);
  });

  it('makes up what the rounding leaves with the first samples not taken', () => {
    const s = stratifiedSplit(split([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]), 5); // quotas 1 each, one more from the start
    expect(s.count).toBe(5);
    expect([...s.labels]).toEqual([0, 0, 1, 2, 3]);
  });

  it('keeps a split that is no larger than asked', () => {
    const whole = split([0, 1]);
    expect(stratifiedSplit(whole, 2)).toBe(whole);
  });
});
