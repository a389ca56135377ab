/**
 * Bounded metric histories. A run can produce millions of points, but a chart needs a
 * few hundred and the store should hold at most MAX_POINTS per series, so histories are
 * decimated by doubling a stride: memory stays bounded, spacing stays uniform, and the
 * first and latest points are always kept (the curve's start and its current value).
 */
import type { MetricPoint } from '../train/protocol';

export const MAX_POINTS = 2000;

/** A streaming, decimated history. `points` holds every `stride`-th point seen, plus the latest. */
export interface Series {
  points: MetricPoint[];
  /** Only points whose arrival index is a multiple of stride are kept. */
  stride: number;
  /** How many points have arrived in total. */
  seen: number;
  /** True when the last element is the latest point but not on the stride (replaced by the next one). */
  tailIsExtra: boolean;
}

export const emptySeries = (): Series => ({ points: [], stride: 1, seen: 0, tailIsExtra: false });

/**
 * Appends a batch and returns a new Series (a new array, so React and the charts see
 * the change). Cost is O(batch + max) per call, which is why callers batch per frame.
 */
export function appendPoints(series: Series, incoming: readonly MetricPoint[], max = MAX_POINTS): Series {
  if (!incoming.length) return series;
  const points = series.points.slice();
  let { stride, seen, tailIsExtra } = series;
  for (const p of incoming) {
    if (tailIsExtra) points.pop();
    points.push(p);
    tailIsExtra = seen % stride !== 0;
    seen++;
    if (points.length > max) {
      // Keep even positions of the on-stride points: arrival indices 0, 2s, 4s, … = the new stride.
      const base = tailIsExtra ? points.slice(0, -1) : points;
      const kept = base.filter((_, i) => i % 2 === 0);
      stride *= 2;
      tailIsExtra = kept[kept.length - 1] !== p;
      if (tailIsExtra) kept.push(p);
      points.length = 0;
      points.push(...kept);
    }
  }
  return { points, stride, seen, tailIsExtra };
}

/**
 * Picks at most `max` (≥ 2) evenly spaced points, always the first and the last: for
 * drawing a long history and for storing curves.
 */
export function decimate<T>(points: readonly T[], max: number): T[] {
  const n = points.length;
  if (n <= max) return points.slice();
  const m = Math.max(2, max);
  const out: T[] = [];
  for (let i = 0; i < m; i++) out.push(points[Math.round((i * (n - 1)) / (m - 1))]);
  return out;
}
