/**
 * The axes of the training-curve charts: a linear or log scale from data to pixels, with
 * round tick values (1, 2 or 5 times a power of ten). Pure, so the drawing only maps.
 */

export interface Scale {
  /** Data value to pixel. */
  (v: number): number;
  /** Pixel to data value. */
  invert: (px: number) => number;
  domain: readonly [number, number];
  ticks: number[];
}

/** The smallest and largest finite value, or null when there is none. */
export function extent(values: Iterable<number>): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  return lo <= hi ? [lo, hi] : null;
}

/** A round step that cuts [lo, hi] into about `count` parts. */
export function tickStep(lo: number, hi: number, count: number): number {
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * power;
}

/** k steps, free of float noise (0.30000000000000004 is 0.3). */
const multiple = (k: number, step: number) => Number((k * step).toFixed(Math.max(0, 1 - Math.floor(Math.log10(step)))));

/** The multiples of the round step inside [lo, hi]. */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return Number.isFinite(lo) ? [lo] : [];
  const step = tickStep(lo, hi, count);
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) ticks.push(multiple(k, step));
  return ticks;
}

/** [lo, hi] widened to round steps, as a chart's 'auto' axis does; a single value gets a span around it. */
export function niceDomain([lo, hi]: readonly [number, number], count: number): [number, number] {
  if (hi === lo) { const pad = Math.abs(lo) * 0.1 || 1; return [lo - pad, hi + pad]; }
  const step = tickStep(lo, hi, count);
  return [multiple(Math.floor(lo / step + 1e-9), step), multiple(Math.ceil(hi / step - 1e-9), step)];
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number], tickCount: number): Scale {
  const [d0, d1] = domain[1] > domain[0] ? domain : [domain[0] - 1, domain[0] + 1];
  const [r0, r1] = range;
  const k = (r1 - r0) / (d1 - d0);
  return Object.assign((v: number) => r0 + (v - d0) * k, {
    invert: (px: number) => d0 + (px - r0) / k, domain: [d0, d1] as const, ticks: niceTicks(d0, d1, tickCount),
  });
}

/** A log₁₀ scale over whole decades that hold [lo, hi] (lo > 0); ticks at 1, 2, 5 × 10ᵏ when there are few decades. */
export function logScale([lo, hi]: readonly [number, number], range: readonly [number, number]): Scale {
  const e0 = Math.floor(Math.log10(lo)), e1 = Math.max(e0 + 1, Math.ceil(Math.log10(hi)));
  const inner = linearScale([e0, e1], range, 1);
  const ticks: number[] = [];
  for (let e = e0; e <= e1; e++) for (const m of e1 - e0 > 2 ? [1] : [1, 2, 5]) if (m * 10 ** e <= 10 ** e1) ticks.push(Number((m * 10 ** e).toPrecision(1)));
  return Object.assign((v: number) => inner(Math.log10(v)), {
    invert: (px: number) => 10 ** inner.invert(px), domain: [10 ** e0, 10 ** e1] as const, ticks,
  });
}
