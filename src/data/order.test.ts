import { describe, expect, it } from 'vitest';
import { philox4x32 } from '../rng/philox';
import { batchIndices, batchOffset, epochOrder, stepsPerEpoch } from './order';

const isPermutation = (order: Uint32Array) => [...order].sort((a, b) => a - b).every((v, i) => v === i);

describe('epochOrder (docs/design.md §3)', () => {
  it('is a deterministic permutation that changes with the epoch and the seed', () => {
    const a = epochOrder(1001, 42, 0);
    expect(isPermutation(a)).toBe(true);
    expect(epochOrder(1001, 42, 0)).toEqual(a);
    expect(epochOrder(1001, 42, 1)).not.toEqual(a);
    expect(epochOrder(1001, 43, 0)).not.toEqual(a);
    expect(epochOrder(0, 1, 0)).toEqual(new Uint32Array(0));
  });

  it('matches a direct sort of (philox((n, e, 0, 0), (seed, 3))[0], n)', () => {
    const count = 777, seed = 0xdeadbeef, epoch = 5;
    // Independent of the implementation: exact 53-bit composite keys key·2^20 + n.
    const direct = Array.from({ length: count }, (_, n) => philox4x32([n, epoch, 0, 0], [seed, 3])[0] * 2 ** 20 + n)
      .sort((x, y) => x - y)
      .map((k) => k % 2 ** 20);
    expect([...epochOrder(count, seed, epoch)]).toEqual(direct);
  });

  it('breaks ties by n', () => {
    // Ties of a 32-bit key are too rare to meet by chance at test sizes, so check the
    // comparator's contract on the order itself: equal keys never invert.
    const order = epochOrder(5000, 7, 2);
    const key = (n: number) => philox4x32([n, 2, 0, 0], [7, 3])[0];
    for (let i = 1; i < order.length; i++) {
      const [ka, kb] = [key(order[i - 1]), key(order[i])];
      expect(ka < kb || (ka === kb && order[i - 1] < order[i])).toBe(true);
    }
  });
});

describe('batchIndices', () => {
  it('gives W workers disjoint batches covering steps·B·W positions, dropping the remainder', () => {
    const count = 103, B = 7, W = 3;
    const order = epochOrder(count, 1, 0);
    const steps = stepsPerEpoch(count, B, W);
    expect(steps).toBe(4); // floor(103 / 21)
    const seen = new Set<number>();
    for (let b = 0; b < steps; b++) {
      for (let w = 0; w < W; w++) {
        const batch = batchIndices(order, B, b, w, W);
        expect(batch.length).toBe(B);
        expect([...batch]).toEqual([...order.subarray((b * W + w) * B, (b * W + w + 1) * B)]);
        expect(batchOffset(B, b, w, W)).toBe((b * W + w) * B);
        for (const n of batch) seen.add(n);
      }
    }
    expect(seen.size).toBe(steps * B * W);
    expect(() => batchIndices(order, B, steps, 0, W)).toThrow(RangeError);
    expect(() => batchIndices(order, B, 0, W, W)).toThrow(RangeError);
  });
});
