/**
 * The toy behind the method picture: three parameters, an ill-conditioned quadratic
 * L(θ) = ½ θᵀAθ, and SGD, FPD and RBD run on it with the engine's own subspace math
 * (docs/design.md §2, §3): the basis comes from Philox through basisVector, the step from
 * projectCPU and updateCPU of src/reference/subspace.ts, with the 1/√D_k scaling. Pure
 * TS and tiny, so the whole figure is recomputed within a frame.
 */
import type { Distribution } from '../../rng/distributions';
import { basisVector, projectCPU, updateCPU } from '../../reference/subspace';
import { planCompartments, type Compartment } from '../../subspace/compartments';

export const TOY_D = 3;
export type ToyMethod = 'sgd' | 'fpd' | 'rbd';
export const TOY_METHODS: readonly ToyMethod[] = ['sgd', 'fpd', 'rbd'];

export interface ToySettings {
  /** d: directions per step, a line (1) or a plane (2) of the D = 3 parameters. */
  d: 1 | 2;
  /** The first redraw epoch: FPD keeps r = redraw, RBD uses r = redraw + t at step t. */
  redraw: number;
  /** N: the length of every path. */
  steps: number;
  /** η, shared by the three methods. */
  lr: number;
  /** The BASIS key's seed (docs/design.md §3). */
  seed: number;
  /** θ_0, the start of every path. */
  start: readonly number[];
  /** The basis distribution z (docs/design.md §3). */
  dist: Distribution;
}

/** The eigenvalues of A: condition number 20, so SGD's path bends along the valley. */
export const EIGENVALUES = [1, 4, 20] as const;

/** R: a fixed rotation (angles about z, x and y), so that no axis is an eigenvector of A. */
const R: number[][] = (() => {
  const [a, b, c] = [0.7, 0.5, 0.9];
  const rz = [[Math.cos(a), -Math.sin(a), 0], [Math.sin(a), Math.cos(a), 0], [0, 0, 1]];
  const rx = [[1, 0, 0], [0, Math.cos(b), -Math.sin(b)], [0, Math.sin(b), Math.cos(b)]];
  const ry = [[Math.cos(c), 0, Math.sin(c)], [0, 1, 0], [-Math.sin(c), 0, Math.cos(c)]];
  const mul = (p: number[][], q: number[][]) => p.map((row) => q[0].map((_, j) => row.reduce((s, v, k) => s + v * q[k][j], 0)));
  return mul(mul(rz, rx), ry);
})();

/** R·diag(f(λ))·Rᵀ: A itself, or its inverse (which the figure needs for level-set outlines). */
const spectral = (f: (l: number) => number): number[][] =>
  R.map((ri) => R.map((rj) => ri.reduce((s, v, k) => s + v * f(EIGENVALUES[k]) * rj[k], 0)));

export const A: readonly number[][] = spectral((l) => l);
export const A_INV: readonly number[][] = spectral((l) => 1 / l);
/** The eigenvectors of A, slowest first (the columns of R). */
export const EIGENVECTORS: readonly number[][] = [0, 1, 2].map((k) => R.map((row) => row[k]));

export const toyGradient = (theta: ArrayLike<number>): number[] => A.map((row) => row.reduce((s, v, j) => s + v * theta[j], 0));
export const toyLoss = (theta: ArrayLike<number>): number => 0.5 * toyGradient(theta).reduce((s, v, j) => s + v * theta[j], 0);

/**
 * Defaults that show the point untouched. From (0.7, 0.5, −1.6), mostly along the slow
 * eigenvector, the first plane of seed 1 misses the minimum by far, so FPD stalls while
 * RBD and SGD go on down. η·λ_max = 0.8 keeps SGD stable, and FPD stable on each of the
 * first 40 planes (a plane with long φ raises the curvature FPD meets).
 */
export const TOY_DEFAULTS: ToySettings = { d: 2, redraw: 0, steps: 80, lr: 0.04, seed: 1, start: [0.7, 0.5, -1.6], dist: 'normal' };

/** One compartment over all three parameters, planned as the engine plans `network`. */
export const toyCompartments = (d: number): Compartment[] => planCompartments({ D: TOY_D, tensors: [] }, 'network', 'proportional', d);

/** The redraw epoch r a method uses at step t (RBD redraws every step, FPD never). */
export const epochAt = (method: ToyMethod, t: number, s: Pick<ToySettings, 'redraw'>): number => (method === 'rbd' ? s.redraw + t : s.redraw);

/** φ_0 … φ_{d−1} of epoch r, each of length 3: the line or plane the step is confined to. */
export function toyBasis(s: Pick<ToySettings, 'd' | 'seed' | 'dist'>, r: number): number[][] {
  const [comp] = toyCompartments(s.d);
  return Array.from({ length: comp.dirs }, (_, i) => Array.from(basisVector(comp, i, s.seed, s.dist, r, 0)));
}

/** One subspace step in epoch r: c = Pᵀg by projectCPU, θ − η·P·c by updateCPU. */
export function subspaceStep(theta: readonly number[], s: ToySettings, r: number): number[] {
  const comps = toyCompartments(s.d);
  const c = projectCPU(toyGradient(theta), comps, s.seed, s.dist, r, 0);
  return Array.from(updateCPU(theta, [c], comps, s.seed, s.dist, r, s.lr));
}

/** θ_0 … θ_N of one method. */
export function toyPath(method: ToyMethod, s: ToySettings): number[][] {
  const path = [Array.from(s.start)];
  for (let t = 0; t < s.steps; t++) {
    const theta = path[t];
    if (method === 'sgd') {
      const g = toyGradient(theta);
      path.push(theta.map((v, j) => v - s.lr * g[j]));
    } else {
      path.push(subspaceStep(theta, s, epochAt(method, t, s)));
    }
  }
  return path;
}

export type ToyPaths = Record<ToyMethod, number[][]>;

export const toyPaths = (s: ToySettings): ToyPaths => ({ sgd: toyPath('sgd', s), fpd: toyPath('fpd', s), rbd: toyPath('rbd', s) });

/** L(θ_N) of each method, at the end of its path. */
export const finalLosses = (paths: ToyPaths, steps: number) =>
  Object.fromEntries(TOY_METHODS.map((m) => [m, toyLoss(paths[m][steps])])) as Record<ToyMethod, number>;
