import { describe, expect, it } from 'vitest';
import { classCounts, type Split } from './dataset';
import { generateSynthetic, SYNTHETIC_NAMES } from './synthetic';

const point = (s: Split, n: number) => [s.images[2 * n], s.images[2 * n + 1]];

describe('synthetic 2-D sets', () => {
  it.each(SYNTHETIC_NAMES)('%s is deterministic for a seed, balanced, and roughly in [-1, 1]', (name) => {
    for (const classes of name === 'xor' ? [2] : [2, 3]) {
      const d = generateSynthetic(name, 17, { classes });
      expect(d.inputShape).toEqual([1, 1, 2]);
      expect([d.train.count, d.test.count, d.classes]).toEqual([1000, 500, classes]);
      expect(d.train.images).toBeInstanceOf(Float32Array);
      expect(generateSynthetic(name, 17, { classes })).toEqual(d);
      expect(generateSynthetic(name, 18, { classes }).train.images).not.toEqual(d.train.images);
      expect(d.test.images).not.toEqual(d.train.images.subarray(0, 1000));
      for (const split of [d.train, d.test]) {
        const counts = classCounts(split, classes);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        expect(split.images.every((v) => Number.isFinite(v) && Math.abs(v) < 1.6)).toBe(true);
      }
    }
  });

  it('xor labels follow the quadrants, and circles are separated by radius', () => {
    const xor = generateSynthetic('xor', 3).train;
    for (let n = 0; n < xor.count; n++) {
      const [x, y] = point(xor, n);
      expect(xor.labels[n]).toBe(x * y > 0 ? 0 : 1);
    }
    const circles = generateSynthetic('circles', 3, { classes: 3 }).train;
    const radius = (n: number) => Math.hypot(...point(circles, n));
    const range = [0, 1, 2].map((k) => {
      const rs = Array.from({ length: circles.count }, (_, n) => n).filter((n) => circles.labels[n] === k).map(radius);
      return [Math.min(...rs), Math.max(...rs)];
    });
    expect(range[0][1]).toBeLessThan(range[1][0]);
    expect(range[1][1]).toBeLessThan(range[2][0]);
  });

  it('rejects what it cannot make', () => {
    expect(() => generateSynthetic('xor', 1, { classes: 3 })).toThrow(/^classes: xor takes 2 classes, got 3/);
    expect(() => generateSynthetic('spiral', 1, { classes: 4 })).toThrow(/^classes: spiral takes 2 or 3 classes/);
    expect(() => generateSynthetic('spiral', 1, { train: 1.5 })).toThrow(/^train: needs a whole number/);
  });
});
