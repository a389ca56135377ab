/** Deterministic test inputs and a finite-difference helper, shared by the nn and reference tests. */
import { philox4x32 } from '../rng/philox';
import { uneg11 } from '../rng/distributions';

/**
 * n values in (−scale, scale) from Philox (stream picks an independent sequence). Each is
 * a 25-bit integer times 2^-24·scale, exact in f32 when scale is a power of two, so the
 * GPU sees exactly the numbers the float64 reference does.
 */
export function randomValues(n: number, stream: number, scale = 1): Float64Array<ArrayBuffer> {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 4) {
    const x = philox4x32([i >>> 2, stream, 0, 0], [0x7e57, 0xda7a]);
    for (let q = 0; q < 4 && i + q < n; q++) out[i + q] = uneg11(x[q]) * scale;
  }
  return out;
}

/** n labels in [0, classes). */
export function randomLabels(n: number, classes: number, stream: number): Uint32Array<ArrayBuffer> {
  return Uint32Array.from({ length: n }, (_, i) => philox4x32([i, stream, 1, 0], [0x7e57, 0xda7a])[0] % classes);
}

/** Values pushed at least `gap` away from 0, so ReLU's kink is never within a finite-difference step. */
export const awayFromZero = (xs: Float64Array, gap: number) => xs.map((v) => (v < 0 ? v - gap : v + gap));

/**
 * Central differences (f(v + h) − f(v − h)) / 2h of a scalar function with respect to
 * every entry of `v` (modified in place and restored).
 */
export function numericGradient(f: () => number, v: Float64Array, h = 1e-6): Float64Array {
  const grad = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const keep = v[i];
    v[i] = keep + h;
    const plus = f();
    v[i] = keep - h;
    const minus = f();
    v[i] = keep;
    grad[i] = (plus - minus) / (2 * h);
  }
  return grad;
}

/** Σ r·y: a scalar whose gradient with respect to y is r, to test backward passes with outputGrad = r. */
export const dot = (r: ArrayLike<number>, y: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += r[i] * y[i];
  return s;
};
