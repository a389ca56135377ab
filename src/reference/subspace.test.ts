import { describe, expect, it } from 'vitest';
import { mlp, planModel } from '../nn/model';
import { philox4x32, Purpose } from '../rng/philox';
import { DISTRIBUTIONS, normals4 } from '../rng/distributions';
import { planCompartments } from '../subspace/compartments';
import { basisVector, materializeCPU, projectCPU, updateCPU } from './subspace';

const plan = planModel(mlp([31, 7], 'tanh', 3), [1, 1, 17], 3); // D = 806
const D = plan.D;
const data = (n: number, k: number) => Float64Array.from({ length: n }, (_, j) => Math.sin(k * 1.7 + j * 0.37));

describe('subspace CPU reference', () => {
  it.each(DISTRIBUTIONS)('%s: project is P·g and update is θ − η·Σ_w P_wᵀ c_w (P from materializeCPU)', (dist) => {
    const compartments = planCompartments(plan, 'chunk:101', 'proportional', 16);
    const S = 16, W = 2, r = 4, lr = 0.3;
    const theta = data(D, 0);
    const coords = [data(S, 1), data(S, 2)];
    const step = new Float64Array(D);
    for (let w = 0; w < W; w++) {
      const P = materializeCPU(D, compartments, 9, dist, r, w);
      const g = data(D, 3 + w);
      const c = projectCPU(g, compartments, 9, dist, r, w);
      for (let i = 0; i < S; i++) {
        let s = 0;
        for (let j = 0; j < D; j++) s += P[i * D + j] * g[j];
        expect(c[i]).toBeCloseTo(s, 12);
        for (let j = 0; j < D; j++) step[j] += coords[w][i] * P[i * D + j];
      }
    }
    const got = updateCPU(theta, coords, compartments, 9, dist, r, lr);
    got.forEach((t, j) => expect(t).toBeCloseTo(theta[j] - lr * step[j], 12));
  });

  it.each(DISTRIBUTIONS)('%s: update draws slot s with w = members[s], and with w = s without them', (dist) => {
    const compartments = planCompartments(plan, 'layer', 'proportional', 9);
    const theta = data(D, 0), coords = [data(9, 1), data(9, 2)], members = [3, 8], lr = 0.3;
    const step = new Float64Array(D);
    members.forEach((w, s) => {
      const P = materializeCPU(D, compartments, 9, dist, 1, w);
      for (let i = 0; i < 9; i++) for (let j = 0; j < D; j++) step[j] += coords[s][i] * P[i * D + j];
    });
    const got = updateCPU(theta, coords, compartments, 9, dist, 1, lr, members);
    got.forEach((t, j) => expect(t).toBeCloseTo(theta[j] - lr * step[j], 12));
    expect(updateCPU(theta, coords, compartments, 9, dist, 1, lr, [0, 1])).toEqual(updateCPU(theta, coords, compartments, 9, dist, 1, lr));
  });

  it('indexes the counter by the global parameter index j, also at ragged compartment edges', () => {
    const compartments = planCompartments(plan, 'tensor', 'each', 2);
    const c = compartments[1]; // [527, 558): starts at lane 3 of counter word 131
    const phi = basisVector(c, 1, 5, 'normal', 2, 1);
    const i = c.dirStart + 1;
    for (const j of [527, 528, 557]) {
      const z = normals4(philox4x32([j >>> 2, i, 2, 1], [5, Purpose.BASIS]))[j & 3];
      expect(phi[j - c.start]).toBeCloseTo(z / Math.sqrt(c.size), 15);
    }
  });

  it.each(DISTRIBUTIONS)('%s: basis vectors are zero outside their compartment and have E‖φ‖² = 1', (dist) => {
    const compartments = planCompartments(plan, 'layer', 'each', 20);
    const P = materializeCPU(D, compartments, 1, dist, 0, 0);
    let norms = 0;
    for (const c of compartments) {
      for (let i = c.dirStart; i < c.dirStart + c.dirs; i++) {
        for (let j = 0; j < D; j++) if (j < c.start || j >= c.end) expect(P[i * D + j]).toBe(0);
        for (let j = c.start; j < c.end; j++) norms += P[i * D + j] ** 2;
      }
    }
    // ‖φ‖² is a mean of D_k unit-variance squares: over 60 vectors its sd is < 0.06.
    expect(norms / 60).toBeGreaterThan(0.8);
    expect(norms / 60).toBeLessThan(1.2);
  });
});
