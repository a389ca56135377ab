/**
 * The intrinsic dimension d_int90 of a sweep (docs/design.md §12, after Li et al. 2018):
 * the smallest swept d whose test accuracy reaches a threshold, 0.9 × the sgd baseline's
 * at the same budget (or an absolute 90%). Pure TS: the page's sweep panel and the CLI's
 * `npm run sweep` both read it from here.
 */

export const THRESHOLDS = ['relative', 'absolute'] as const;
/** relative: 0.9 × the sgd baseline's accuracy; absolute: 90% accuracy (Li et al.'s MNIST convention). */
export type Threshold = (typeof THRESHOLDS)[number];

/** The accuracy (a fraction) a method must reach. */
export const thresholdOf = (mode: Threshold, sgdAccuracy: number): number => (mode === 'absolute' ? 0.9 : 0.9 * sgdAccuracy);

/** One point of a sweep's curve: a d of the grid and the final test accuracy there (a fraction). */
export interface SweepPoint { d: number; accuracy: number }

export type IntrinsicDim =
  /** The first grid value that reaches the threshold, and d interpolated linearly in log d from the grid point before it. */
  | { kind: 'found'; grid: number; interpolated: number }
  /** The smallest grid value already reaches it. */
  | { kind: 'atMost'; grid: number }
  /** No grid value reaches it. */
  | { kind: 'above'; grid: number };

/** d_int90 of one method's curve (points in any order; each d once) against `threshold`. */
export function intrinsicDim(points: readonly SweepPoint[], threshold: number): IntrinsicDim {
  if (!points.length) throw new Error('a sweep needs at least one point');
  const sorted = [...points].sort((a, b) => a.d - b.d);
  const i = sorted.findIndex((p) => p.accuracy >= threshold);
  if (i < 0) return { kind: 'above', grid: sorted[sorted.length - 1].d };
  if (i === 0) return { kind: 'atMost', grid: sorted[0].d };
  const lo = sorted[i - 1], hi = sorted[i];
  // lo is below the threshold and hi at or above it, so the fraction lies in (0, 1].
  const t = (threshold - lo.accuracy) / (hi.accuracy - lo.accuracy);
  return { kind: 'found', grid: hi.d, interpolated: Math.exp(Math.log(lo.d) + t * (Math.log(hi.d) - Math.log(lo.d))) };
}

/** How a d_int90 reads: "≈ 181 (grid 256)", "≤ 8", "> 4096". */
export function formatIntrinsicDim(r: IntrinsicDim): string {
  if (r.kind === 'atMost') return `≤ ${r.grid}`;
  if (r.kind === 'above') return `> ${r.grid}`;
  return `≈ ${Math.round(r.interpolated)} (grid ${r.grid})`;
}

/** The mean curve over seeds, with its band (lowest and highest seed), at every d that every seed has. */
export interface BandPoint extends SweepPoint { low: number; high: number; seeds: number }

export function meanCurve(perSeed: readonly (readonly SweepPoint[])[]): BandPoint[] {
  const byD = new Map<number, number[]>();
  for (const curve of perSeed) for (const p of curve) byD.set(p.d, [...(byD.get(p.d) ?? []), p.accuracy]);
  return [...byD].filter(([, accs]) => accs.length === perSeed.length)
    .map(([d, accs]) => ({ d, accuracy: mean(accs), low: Math.min(...accs), high: Math.max(...accs), seeds: accs.length }))
    .sort((a, b) => a.d - b.d);
}

export const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
