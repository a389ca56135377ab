import { describe, expect, it } from 'vitest';
import { readF32, uploadBuffer } from '../engine/buffers';
import { DeviceLimitError } from '../engine/errors';
import { mlp, planModel } from '../nn/model';
import { materializeCPU } from '../reference/subspace';
import { DISTRIBUTIONS } from '../rng/distributions';
import { withDevice } from '../test/gpu';
import { planCompartments } from '../subspace/compartments';
import { createSubspace } from '../subspace/gpu';
import { deltaZ, expectWithin, gpuProject, gpuUpdate, randomArray, U } from '../test/subspace-kit';
import { checkBasisFits, createDenseSubspace, type DenseSubspace } from './dense';

const plan = planModel(mlp([31, 7], 'tanh', 3), [1, 1, 17], 3); // D = 806
const D = plan.D;
const SEED = 42;

async function run(device: GPUDevice, record: (pass: GPUComputePassEncoder) => void): Promise<void> {
  const encoder = device.createCommandEncoder({ label: 'test.dense' });
  const pass = encoder.beginComputePass({ label: 'test.dense.pass' });
  record(pass);
  pass.end();
  device.queue.submit([encoder.finish()]);
  await device.queue.onSubmittedWorkDone();
}

const materialize = async (device: GPUDevice, dense: DenseSubspace, r: number) => {
  await run(device, (pass) => dense.recordMaterialize(pass, r));
  return readF32(device, dense.basis, dense.basisBytes / 4);
};

describe('materialised P', () => {
  it.each(DISTRIBUTIONS)('%s: rows match the CPU basis, and are exactly zero outside their compartment', (dist) =>
    withDevice(async ({ device }) => {
      const W = 2, r = 3;
      const compartments = planCompartments(plan, 'chunk:101', 'each', 3);
      const dense = await createDenseSubspace(device, { D, compartments, workers: W, seed: SEED, dist });
      const P = await materialize(device, dense, r);
      const S = dense.dirs;
      for (let w = 0; w < W; w++) {
        const want = materializeCPU(D, compartments, SEED, dist, r, w);
        const got = P.subarray(w * S * D, (w + 1) * S * D);
        // Per entry: δ/√D_k from the draw, plus one f32 rounding of z·(1/√D_k).
        const bound = want.map((p) => deltaZ(dist) / Math.sqrt(101) + 2 * U * Math.abs(p));
        expectWithin(got, want, bound, `${dist} P of worker ${w}`);
        for (const c of compartments) {
          for (let i = c.dirStart; i < c.dirStart + c.dirs; i++) {
            for (let j = 0; j < D; j++) {
              const inside = j >= c.start && j < c.end;
              if (!inside && got[i * D + j] !== 0) throw new Error(`φ_${i} of worker ${w} is ${got[i * D + j]} at j = ${j}, outside [${c.start}, ${c.end})`);
              if (inside && got[i * D + j] === 0) throw new Error(`φ_${i} of worker ${w} is 0 at j = ${j}, inside its compartment`);
            }
          }
        }
      }
    }));

  it('refuses a P over maxStorageBufferBindingSize, naming the limit', () =>
    withDevice(async ({ device }) => {
      const limit = device.limits.maxStorageBufferBindingSize;
      const bigD = Math.ceil(limit / 4 / 64) + 1;
      expect(() => checkBasisFits(device, 64, bigD)).toThrow(DeviceLimitError);
      expect(() => checkBasisFits(device, 64, bigD)).toThrow(/maxStorageBufferBindingSize/);
      const compartments = planCompartments({ D: bigD, tensors: [] }, 'network', 'proportional', 64);
      await expect(createDenseSubspace(device, { D: bigD, compartments, workers: 1, seed: 1, dist: 'normal' })).rejects.toThrow(/materialised P \(64 × \d+\) needs maxStorageBufferBindingSize/);
    }));
});

describe('fused equals materialised P', () => {
  it.each(DISTRIBUTIONS)('%s: project and update, W = 3, layer compartments', (dist) =>
    withDevice(async ({ device }) => {
      const W = 3, r = 9, lr = 0.3;
      const compartments = planCompartments(plan, 'layer', 'proportional', 30);
      const config = { D, compartments, workers: W, seed: SEED, dist };
      const fused = await createSubspace(device, { ...config, tiles: { chunkSize: 256, projectThreads: 16, updateThreads: 32 } });
      const dense = await createDenseSubspace(device, config);
      const grads = randomArray(W * D, 3);
      const g = uploadBuffer(device, 'test.grads', grads);
      const P = await materialize(device, dense, r);
      const S = dense.dirs;
      await run(device, (pass) => dense.recordProject(pass, g));
      const cDense = await readF32(device, dense.coordinates, W * S);
      const cFused = await gpuProject(device, fused, grads, r);
      // Both draw the same z on the same device; they differ only in f32 summation order
      // and where 1/√D_k is applied: 2·(D + 8)·u·Σ_j |P_ij g_j| covers both sums.
      const cBound = Float64Array.from(cDense, (_, n) => {
        const w = Math.floor(n / S);
        let s = 0;
        for (let j = 0; j < D; j++) s += Math.abs(P[n * D + j] * grads[w * D + j]);
        return 2 * (D + 8) * U * s;
      });
      expectWithin(cFused, cDense, cBound, `${dist} coordinates, fused vs materialised`);

      const theta0 = randomArray(D, 8);
      const thetaDense = uploadBuffer(device, 'test.thetaDense', theta0);
      await run(device, (pass) => dense.recordUpdate(pass, thetaDense, lr));
      const tDense = await readF32(device, thetaDense, D);
      // Same coordinates for both updates: the fused one starts from the dense ones.
      const tFused = await gpuUpdate(device, fused, uploadBuffer(device, 'test.thetaFused', theta0), cDense, lr, r);
      const tBound = Float64Array.from(tDense, (t, j) => {
        let s = 0;
        for (let n = 0; n < W * S; n++) s += Math.abs(cDense[n] * P[n * D + j]);
        return 2 * lr * (W * S + 8) * U * s + 2 * U * Math.abs(t);
      });
      expectWithin(tFused, tDense, tBound, `${dist} θ, fused vs materialised`);
      fused.destroy();
      dense.destroy();
    }));
});
