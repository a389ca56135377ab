import { describe, expect, it } from 'vitest';
import { appendPoints, decimate, emptySeries, MAX_POINTS } from './decimate';
import type { MetricPoint } from '../train/protocol';

const pt = (step: number): MetricPoint => ({ step, epoch: step / 100, loss: 1 / (step + 1), trainAcc: 0.5 });

describe('decimate', () => {
  it('keeps the first and last points and bounds the length', () => {
    const points = Array.from({ length: 10_001 }, (_, i) => pt(i));
    const out = decimate(points, 500);
    expect(out).toHaveLength(500);
    expect(out[0].step).toBe(0);
    expect(out[out.length - 1].step).toBe(10_000);
    expect(out.map((p) => p.step)).toEqual([...out.map((p) => p.step)].sort((a, b) => a - b));
  });

  it('copies short histories unchanged', () => {
    const points = [pt(0), pt(1)];
    expect(decimate(points, 5)).toEqual(points);
  });
});

describe('appendPoints (streaming)', () => {
  it.each([1, 7, 333])('stays within MAX_POINTS and keeps first and latest, in batches of %i', (batch) => {
    let s = emptySeries();
    for (let step = 0; step < 3 * MAX_POINTS + 17; step += batch) {
      s = appendPoints(s, Array.from({ length: batch }, (_, i) => pt(step + i)));
      expect(s.points.length).toBeLessThanOrEqual(MAX_POINTS);
      expect(s.points[0].step).toBe(0);
      expect(s.points[s.points.length - 1].step).toBe(step + batch - 1);
    }
    expect(s.points.length).toBeGreaterThan(MAX_POINTS / 2 - 1);
    // Evenly spaced apart from the latest point: every kept step is a multiple of the stride.
    const onStride = s.tailIsExtra ? s.points.slice(0, -1) : s.points;
    for (const p of onStride) expect(p.step % s.stride).toBe(0);
    const steps = s.points.map((p) => p.step);
    expect(new Set(steps).size).toBe(steps.length);
  });

  it('keeps every point until the limit and returns a new array each time', () => {
    const a = appendPoints(emptySeries(), [pt(0), pt(1)], 4);
    const b = appendPoints(a, [pt(2)], 4);
    expect(b.points).not.toBe(a.points);
    expect(b.points.map((p) => p.step)).toEqual([0, 1, 2]);
    const c = appendPoints(b, [pt(3), pt(4)], 4);
    expect(c.points.map((p) => p.step)).toEqual([0, 2, 4]);
    expect(appendPoints(c, [pt(5)], 4).points.map((p) => p.step)).toEqual([0, 2, 4, 5]);
    expect(appendPoints(c, [pt(5), pt(6)], 4).points.map((p) => p.step)).toEqual([0, 2, 4, 6]);
  });
});
