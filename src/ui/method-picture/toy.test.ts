import { describe, expect, it } from 'vitest';
import { basisEntry } from '../../rng/distributions';
import { buildScene } from './scene';
import { A, A_INV, EIGENVALUES, EIGENVECTORS, epochAt, toyBasis, toyLoss, toyPath, toyPaths, TOY_DEFAULTS, type ToySettings } from './toy';

const mv = (M: readonly number[][], v: readonly number[]) => M.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, x, j) => s + x * b[j], 0);

/** −η·P·Pᵀ·g with φ_i[j] = z(i, j, r, 0)/√3 straight from basisEntry (docs/design.md §2, §3). */
function expectedStep(theta: readonly number[], s: ToySettings, r: number): number[] {
  const g = mv(A, theta);
  const phi = Array.from({ length: s.d }, (_, i) => [0, 1, 2].map((j) => basisEntry(s.dist, s.seed, i, j, r, 0) / Math.sqrt(3)));
  const c = phi.map((p) => dot(p, g));
  return [0, 1, 2].map((j) => -s.lr * phi.reduce((sum, p, i) => sum + c[i] * p[j], 0));
}

describe('the method picture toy', () => {
  it('is an ill-conditioned quadratic whose axes are not its eigenvectors', () => {
    EIGENVECTORS.forEach((v, k) => mv(A, v).forEach((x, j) => expect(x).toBeCloseTo(EIGENVALUES[k] * v[j], 12)));
    expect(EIGENVALUES[2] / EIGENVALUES[0]).toBe(20);
    for (const v of EIGENVECTORS) expect(Math.max(...v.map(Math.abs))).toBeLessThan(0.9);
    [0, 1, 2].forEach((k) => expect(mv(A_INV, mv(A, [0, 1, 2].map((j) => +(j === k))))).toEqual([0, 1, 2].map((j) => expect.closeTo(+(j === k), 12))));
  });

  it.each([1, 2] as const)('d = %i: every RBD and FPD step is −η·P·Pᵀ·g, with P from basisEntry and 1/√D_k', (d) => {
    const s = { ...TOY_DEFAULTS, d, redraw: 3, steps: 12 };
    for (const method of ['rbd', 'fpd'] as const) {
      const path = toyPath(method, s);
      for (let t = 0; t < s.steps; t++) {
        const want = expectedStep(path[t], s, epochAt(method, t, s));
        path[t + 1].forEach((x, j) => expect(x - path[t][j]).toBeCloseTo(want[j], 12));
      }
    }
    expect([0, 5].map((t) => epochAt('rbd', t, s))).toEqual([3, 8]);
    expect([0, 5].map((t) => epochAt('fpd', t, s))).toEqual([3, 3]);
  });

  it('SGD steps along −η·g', () => {
    const path = toyPath('sgd', { ...TOY_DEFAULTS, steps: 5 });
    for (let t = 0; t < 5; t++) {
      const g = mv(A, path[t]);
      path[t + 1].forEach((x, j) => expect(x).toBeCloseTo(path[t][j] - TOY_DEFAULTS.lr * g[j], 12));
    }
  });

  it('shows the point with the defaults: SGD below RBD below FPD after N steps, FPD stalled', () => {
    const p = toyPaths(TOY_DEFAULTS);
    const [sgd, fpd, rbd] = [p.sgd, p.fpd, p.rbd].map((path) => toyLoss(path[TOY_DEFAULTS.steps]));
    const L0 = toyLoss(TOY_DEFAULTS.start);
    expect(sgd).toBeLessThan(rbd);
    expect(rbd).toBeLessThan(0.01 * L0);
    expect(fpd).toBeGreaterThan(0.3 * L0);
    // Stalled: its last ten steps gain less than 1% of its loss.
    expect(toyLoss(p.fpd[TOY_DEFAULTS.steps - 10]) - fpd).toBeLessThan(0.01 * fpd);
  });

  it('keeps RBD ahead of FPD, and both finite, on the first 20 redraws with d = 1 and 2', () => {
    for (const d of [1, 2] as const) {
      for (let redraw = 0; redraw < 20; redraw++) {
        const p = toyPaths({ ...TOY_DEFAULTS, d, redraw });
        const [fpd, rbd] = [p.fpd, p.rbd].map((path) => toyLoss(path[TOY_DEFAULTS.steps]));
        expect(rbd, `d = ${d}, redraw ${redraw}`).toBeLessThan(fpd);
        expect(fpd).toBeLessThanOrEqual(toyLoss(TOY_DEFAULTS.start));
      }
    }
  });

  it('redraws a different plane each epoch, the same one for the same seed', () => {
    const s = TOY_DEFAULTS;
    const planes = [0, 1, 2].map((r) => toyBasis(s, r));
    expect(planes[1]).not.toEqual(planes[0]);
    expect(planes[2]).not.toEqual(planes[1]);
    expect([0, 1, 2].map((r) => toyBasis(s, r))).toEqual(planes);
    expect(toyBasis({ ...s, seed: 2 }, 0)).not.toEqual(planes[0]);
    // d = 1 is the first direction of the plane: direction i does not depend on d.
    expect(toyBasis({ ...s, d: 1 }, 1)).toEqual([planes[1][0]]);
  });

  it('builds the scene at step t from the paths: RBD’s plane of epoch redraw + t and its next step', () => {
    const s = { ...TOY_DEFAULTS, redraw: 2 };
    const paths = toyPaths(s);
    const scene = buildScene(s, paths, 7);
    expect(scene.epoch).toBe(9);
    expect(scene.basis).toEqual(toyBasis(s, 9));
    expect(scene.fixedBasis).toEqual(toyBasis(s, 2));
    scene.subspaceStep.forEach((x, j) => expect(x).toBeCloseTo(paths.rbd[8][j] - paths.rbd[7][j], 12));
    expect(scene.losses.fpd).toBeCloseTo(toyLoss(paths.fpd[7]), 12);
    expect(buildScene(s, paths, 999).step).toBe(s.steps);
  });
});
