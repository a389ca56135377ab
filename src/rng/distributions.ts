/**
 * Conversions and basis distributions of docs/design.md §3, the CPU twins of
 * shaders/rng/distributions.wgsl. Values are computed as f32 steps where the GPU
 * does (Math.fround), so that only log/sin/cos differ between the two.
 */
import { philox4x32, Purpose } from './philox';

export type Distribution = 'normal' | 'uniform' | 'rademacher';
export const DISTRIBUTIONS: readonly Distribution[] = ['normal', 'uniform', 'rademacher'];

const TWO_M24 = 2 ** -24;

/** Uniform in (0, 1), never 0: only 24 bits are converted, so f32 rounding never arises. */
export function u01(x: number): number {
  return (((x >>> 8) | 1) * TWO_M24);
}

/** Uniform in (−1, 1): the top 25 bits as a signed integer with its low bit forced odd. */
export function uneg11(x: number): number {
  return (((x | 0x80) >> 7) * TWO_M24);
}

/** Box–Muller of two words into two standard normals (angle π·uneg11 stays in (−π, π)). */
export function boxMuller(xa: number, xb: number): [number, number] {
  const rho = Math.fround(Math.sqrt(-2 * Math.log(u01(xa))));
  const theta = Math.fround(Math.PI * uneg11(xb));
  return [Math.fround(rho * Math.cos(theta)), Math.fround(rho * Math.sin(theta))];
}

const SQRT3 = Math.fround(Math.sqrt(3));

/**
 * z(i, j, r, w): entry j of basis direction i in redraw epoch r for worker w (unscaled,
 * unit variance). The caller divides by √D_k.
 */
export function basisEntry(dist: Distribution, seed: number, i: number, j: number, r: number, w: number): number {
  const key = [seed >>> 0, Purpose.BASIS];
  if (dist === 'rademacher') {
    const x = philox4x32([j >>> 7, i, r, w], key);
    return (x[(j >>> 5) & 3] >>> (j & 31)) & 1 ? 1 : -1;
  }
  const x = philox4x32([j >>> 2, i, r, w], key);
  const lane = j & 3;
  if (dist === 'uniform') return Math.fround(SQRT3 * uneg11(x[lane]));
  const pair = boxMuller(x[lane & 2], x[(lane & 2) + 1]);
  return pair[lane & 1];
}

/** All four normals of one Philox call, for vectorised CPU loops (lane order 0..3). */
export function normals4(x: Uint32Array): [number, number, number, number] {
  const [n0, n1] = boxMuller(x[0], x[1]);
  const [n2, n3] = boxMuller(x[2], x[3]);
  return [n0, n1, n2, n3];
}

/** Codes passed to WGSL (DIST_NORMAL, DIST_UNIFORM, DIST_RADEMACHER in distributions.wgsl). */
export const DIST_CODE: Record<Distribution, number> = { normal: 0, uniform: 1, rademacher: 2 };
