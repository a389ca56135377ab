import { describe, expect, it } from 'vitest';
import { readF32, uploadBuffer } from '../engine/buffers';
import { mlp, planModel } from '../nn/model';
import { materializeCPU, projectCPU, updateCPU } from '../reference/subspace';
import type { Distribution } from '../rng/distributions';
import { withDevice } from '../test/gpu';
import { planCompartments, type Compartment } from './compartments';
import { createSubspace, type Subspace } from './gpu';
import { deltaZ, expectWithin, gpuProject, gpuUpdate, projectBound, randomArray, U, updateBound } from '../test/subspace-kit';

const plan = planModel(mlp([31, 7], 'tanh', 3), [1, 1, 17], 3); // D = 806
const D = plan.D;
const SEED = 7;
const TILES = { chunkSize: 128, projectThreads: 8, updateThreads: 16 };

/** One step (project, then update) checked against the CPU from the GPU's own θ. */
async function checkedStep(device: GPUDevice, sub: Subspace, theta: GPUBuffer, step: number, lr: number, r: number): Promise<Float32Array> {
  const { workers: W, dirs: S, compartments, dist } = sub;
  const before = await readF32(device, theta, D);
  const grads = randomArray(W * D, 100 + step);
  const coords = await gpuProject(device, sub, grads, r);
  const Ps: Float64Array[] = [], rows: Float32Array[] = [];
  for (let w = 0; w < W; w++) {
    const g = grads.subarray(w * D, (w + 1) * D);
    Ps.push(materializeCPU(D, compartments, SEED, dist, r, w));
    rows.push(coords.subarray(w * S, (w + 1) * S));
    expectWithin(rows[w], projectCPU(g, compartments, SEED, dist, r, w), projectBound(Ps[w], g, compartments, dist, D), `step ${step}: coordinates of worker ${w}`);
  }
  const after = await gpuUpdate(device, sub, theta, null, lr, r);
  const want = updateCPU(before, rows, compartments, SEED, dist, r, lr);
  expectWithin(after, want, updateBound(Ps, rows, want, compartments, dist, lr, D), `step ${step}: θ`);
  return coords;
}

/** |P_gpu| ≤ |P_cpu| + δ/√D_k inside each compartment (docs/design.md §3). */
function absBasis(P: Float64Array, compartments: readonly Compartment[], dist: Distribution): Float64Array {
  const out = P.map(Math.abs);
  for (const c of compartments) {
    for (let i = c.dirStart; i < c.dirStart + c.dirs; i++) for (let j = c.start; j < c.end; j++) out[i * D + j] += deltaZ(dist) / Math.sqrt(c.size);
  }
  return out;
}

describe('fpd: rbd with a fixed r', () => {
  it('θ_T = θ_0 + Σ_w P_w ĉ_w, with ĉ = −Σ_s η_s c_s kept on the GPU', () =>
    withDevice(async ({ device }) => {
      const W = 2, dist = 'normal', lrs = [0.5, 0.25, 1, 0.125];
      const compartments = planCompartments(plan, 'tensor', 'proportional', 12);
      const sub = await createSubspace(device, { D, compartments, workers: W, seed: SEED, dist, tiles: TILES });
      const S = sub.dirs;
      const theta0 = randomArray(D, 1);
      const theta = uploadBuffer(device, 'test.theta', theta0);
      const cSum = new Float64Array(W * S); // Σ_s η_s |c_s|, for the bounds
      const expectedCHat = new Float64Array(W * S), cHatBound = new Float64Array(W * S);
      const thetaMax = theta0.map(Math.abs); // max over the steps of |θ_s[j]|
      for (let s = 0; s < lrs.length; s++) {
        const coords = await checkedStep(device, sub, theta, s, lrs[s], 0);
        (await readF32(device, theta, D)).forEach((t, j) => { thetaMax[j] = Math.max(thetaMax[j], Math.abs(t)); });
        const grads = randomArray(W * D, 100 + s);
        for (let w = 0; w < W; w++) {
          const g = grads.subarray(w * D, (w + 1) * D);
          const cpu = projectCPU(g, compartments, SEED, dist, 0, w);
          const b = projectBound(materializeCPU(D, compartments, SEED, dist, 0, w), g, compartments, dist, D);
          for (let i = 0; i < S; i++) {
            expectedCHat[w * S + i] -= lrs[s] * cpu[i];
            // Each step's coordinate error, scaled by η, plus one f32 rounding of ĉ per step.
            cHatBound[w * S + i] += lrs[s] * b[i] + 2 * U * (Math.abs(expectedCHat[w * S + i]) + lrs[s] * Math.abs(cpu[i]));
            cSum[w * S + i] += lrs[s] * Math.abs(coords[w * S + i]);
          }
        }
      }
      const thetaT = await readF32(device, theta, D);
      const cHat = await readF32(device, sub.cHat, W * S);
      expectWithin(cHat, expectedCHat, cHatBound, 'ĉ against −Σ η c on the CPU');

      // Rebuild from {seed, compartments, ĉ} alone: an update with coordinates ĉ and η = −1.
      const rebuilt = await gpuUpdate(device, sub, uploadBuffer(device, 'test.rebuilt', theta0), cHat, -1, 0);
      // Both sides use the GPU's own draws, so they differ only by f32 rounding: each of
      // the T steps and the rebuild sums W·d_k terms (≤ (n + 8)·u·Σ|c||P|) and rounds θ
      // (2u·|θ|); ĉ itself rounds once per step (u·Σ η|c||P| over the steps).
      const Ps = [0, 1].map((w) => absBasis(materializeCPU(D, compartments, SEED, dist, 0, w), compartments, dist));
      const T = lrs.length;
      const bound = Float64Array.from(thetaT, (_, j) => {
        const c = compartments.find((k) => j >= k.start && j < k.end)!;
        let steps = 0, hat = 0;
        for (let w = 0; w < W; w++) {
          for (let i = c.dirStart; i < c.dirStart + c.dirs; i++) {
            steps += cSum[w * S + i] * Ps[w][i * D + j];
            hat += Math.abs(cHat[w * S + i]) * Ps[w][i * D + j];
          }
        }
        const n = W * c.dirs + 8;
        return n * U * (steps + hat) + T * U * steps + 2 * (T + 1) * U * thetaMax[j];
      });
      expectWithin(rebuilt, thetaT, bound, 'θ_0 + P ĉ against θ_T');
    }));
});

describe('one step is one submit', () => {
  it('project and update recorded in one pass equal the same two passes submitted apart', () =>
    withDevice(async ({ device }) => {
      const compartments = planCompartments(plan, 'layer', 'proportional', 12);
      const sub = await createSubspace(device, { D, compartments, workers: 2, seed: SEED, dist: 'normal', tiles: TILES });
      const grads = randomArray(2 * D, 5), theta0 = randomArray(D, 6);
      await gpuProject(device, sub, grads, 3);
      const apart = await gpuUpdate(device, sub, uploadBuffer(device, 'test.thetaApart', theta0), null, 0.5, 3);
      const theta = uploadBuffer(device, 'test.theta', theta0);
      const g = uploadBuffer(device, 'test.grads', grads);
      const encoder = device.createCommandEncoder({ label: 'test.step' });
      const pass = encoder.beginComputePass({ label: 'test.step.pass' });
      sub.recordProject(pass, g, 3);
      sub.recordUpdate(pass, theta, 0.5, 3);
      pass.end();
      device.queue.submit([encoder.finish()]);
      // The same kernels on the same inputs: bit for bit.
      expect([...await readF32(device, theta, D)]).toEqual([...apart]);
      sub.destroy();
    }));
});

describe('live changes between steps (setLive)', () => {
  it('changes d, the compartments and the distribution with no reset of θ; ĉ resets', () =>
    withDevice(async ({ device }) => {
      const sub = await createSubspace(device, { D, compartments: planCompartments(plan, 'network', 'proportional', 8), workers: 2, seed: SEED, dist: 'normal', tiles: TILES });
      const theta = uploadBuffer(device, 'test.theta', randomArray(D, 2));
      await checkedStep(device, sub, theta, 0, 0.5, 0);
      expect(sub.dirs).toBe(8);

      sub.setLive({ compartments: planCompartments(plan, 'tensor', 'equal', 18) });
      expect(sub.dirs).toBe(18);
      expect(sub.coordinates.size).toBeGreaterThanOrEqual(2 * 18 * 4);
      expect([...await readF32(device, sub.cHat, 2 * 18)].every((x) => x === 0), 'ĉ is reset when d changes').toBe(true);
      await checkedStep(device, sub, theta, 1, 0.5, 1);

      sub.setLive({ dist: 'rademacher' });
      expect(sub.dist).toBe('rademacher');
      const lr = 0.25;
      const coords = await checkedStep(device, sub, theta, 2, lr, 1);
      // ĉ was zeroed when the distribution changed, so it now holds this step's −η·c only.
      const cHat = [...await readF32(device, sub.cHat, 2 * 18)];
      expect(cHat).toEqual([...coords].map((c) => -Math.fround(lr * c)));
      sub.setLive({ compartments: planCompartments(plan, 'tensor', 'equal', 18) }); // the same again: a no-op
      expect([...await readF32(device, sub.cHat, 2 * 18)]).toEqual(cHat);

      sub.setLive({ compartments: planCompartments(plan, 'chunk:101', 'each', 5), dist: 'uniform' });
      expect(sub.dirs).toBe(40);
      await checkedStep(device, sub, theta, 3, 1, 2);
      sub.destroy();
    }));
});

describe('device limits and input checks', () => {
  it('refuses bad tiles, epochs and buffers, naming the value or the limit', () =>
    withDevice(async ({ device }) => {
      const config = { D, compartments: planCompartments(plan, 'network', 'proportional', 4), workers: 1, seed: SEED, dist: 'normal' as const };
      await expect(createSubspace(device, { ...config, tiles: { chunkSize: 100 } })).rejects.toThrow(/tiles.chunkSize: must be a positive multiple of 128, got 100/);
      const tooMany = device.limits.maxComputeInvocationsPerWorkgroup + 1;
      await expect(createSubspace(device, { ...config, tiles: { projectThreads: tooMany } })).rejects.toThrow(/maxComputeInvocationsPerWorkgroup/);
      await expect(createSubspace(device, { ...config, dist: 'cauchy' as never })).rejects.toThrow(/distribution: unknown 'cauchy'/);
      await expect(createSubspace(device, { ...config, D: D + 1 })).rejects.toThrow(/but the model has D = 807/);
      const sub = await createSubspace(device, config);
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      const small = uploadBuffer(device, 'test.small', new Float32Array(D - 8)); // buffers round up to 16 bytes
      expect(() => sub.recordProject(pass, small, 0)).toThrow(/gradients: buffer 'test.small' has \d+ bytes, needs 3224/);
      expect(() => sub.recordUpdate(pass, uploadBuffer(device, 'test.theta', new Float32Array(D)), 0.1, -1)).toThrow(/redraw epoch: must be a whole number in \[0, 2\^32\), got -1/);
      expect(() => sub.recordUpdate(pass, uploadBuffer(device, 'test.theta', new Float32Array(D)), NaN, 0)).toThrow(/learning rate: must be a finite number, got NaN/);
      pass.end();
      encoder.finish();
      sub.destroy();
    }));


  it('splits more than maxComputeWorkgroupsPerDimension workgroups over a 2-D grid', () =>
    withDevice(async ({ device }) => {
      // chunk:1 with d = 1 each: one project and one update workgroup per parameter.
      const bigD = device.limits.maxComputeWorkgroupsPerDimension + 7;
      const compartments = planCompartments({ D: bigD, tensors: [] }, 'chunk:1', 'each', 1);
      const sub = await createSubspace(device, { D: bigD, compartments, workers: 1, seed: SEED, dist: 'uniform', tiles: { chunkSize: 128, projectThreads: 1, updateThreads: 1 } });
      const g = randomArray(bigD, 3);
      const coords = await gpuProject(device, sub, g, 0);
      // One term per coordinate: z·g·1, exact up to one f32 rounding of the product.
      const want = projectCPU(g, compartments, SEED, 'uniform', 0, 0);
      expectWithin(coords, want, want.map((c) => 2 * U * Math.abs(c)), 'coordinates');
      const theta0 = randomArray(bigD, 4);
      const got = await gpuUpdate(device, sub, uploadBuffer(device, 'test.theta', theta0), coords, 1, 0);
      const wantTheta = updateCPU(theta0, [coords], compartments, SEED, 'uniform', 0, 1);
      expectWithin(got, wantTheta, wantTheta.map((t, j) => 4 * U * (Math.abs(t) + Math.abs(coords[j]) * 2)), 'θ');
      sub.destroy();
    }));
});
