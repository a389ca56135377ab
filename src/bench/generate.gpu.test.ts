import { describe, expect, it } from 'vitest';
import { readF32 } from '../engine/buffers';
import { InputError } from '../engine/errors';
import { basisEntry } from '../rng/distributions';
import { generateSumsCPU, type GenerateShape } from '../reference/generate';
import { withDevice } from '../test/gpu';
import { createGenerator } from './generate';

async function gpuSums(device: GPUDevice, shape: GenerateShape): Promise<Float32Array> {
  const gen = await createGenerator(device, shape);
  const encoder = device.createCommandEncoder({ label: 'test.generate' });
  const pass = encoder.beginComputePass();
  gen.record(pass);
  pass.end();
  device.queue.submit([encoder.finish()]);
  return readF32(device, gen.sums, gen.threads);
}

const shapes: [string, GenerateShape][] = [
  // Odd sizes, and counter words near 2^32 so that every word of (q, i, r, w) and the key matters.
  ['7 dirs × 5 threads × 12 normals, high seed/epoch/worker', { dirs: 7, threadsPerDir: 5, perThread: 12, seed: 0xfffffffe, epoch: 0xfffffff1, worker: 3 }],
  // Several workgroups, the last one part-filled (527 threads of 64 per workgroup).
  ['31 dirs × 17 threads × 64 normals', { dirs: 31, threadsPerDir: 17, perThread: 64, seed: 1, epoch: 0, worker: 0 }],
];

describe('generate-only kernel (shaders/bench/generate_normals.wgsl)', () => {
  it.each(shapes)('%s: per-thread sums match the CPU twin', (_, shape) =>
    withDevice(async ({ device }) => {
      const gpu = await gpuSums(device, shape);
      const { sums, magnitudes } = generateSumsCPU(shape);
      // Tolerance per thread of n = perThread normals: each normal may differ by 3e-3
      // (docs/design.md §3: WGSL's log/sin/cos), so the sum by n·3e-3; and the GPU adds in f32,
      // where each of its n additions rounds by at most 2^-24 × |partial sum| ≤ 2^-24·Σ|z|.
      const n = shape.perThread;
      let worst = -Infinity, at = -1;
      for (let t = 0; t < sums.length; t++) {
        const bound = n * 3e-3 + n * 2 ** -24 * magnitudes[t];
        const excess = Number.isFinite(gpu[t]) ? Math.abs(gpu[t] - sums[t]) - bound : Infinity;
        if (excess > worst) { worst = excess; at = t; }
      }
      expect(worst <= 0, `thread ${at}: GPU ${gpu[at]}, CPU ${sums[at]} (n = ${n})`).toBe(true);
      // The check has teeth: a sum of n normals has spread √n, far beyond n·3e-3 for these n.
      expect(Math.max(...sums.map(Math.abs))).toBeGreaterThan(1);
    }));

  it('refuses a perThread that is not a multiple of 4', () =>
    withDevice(async ({ device }) => {
      await expect(createGenerator(device, { dirs: 2, threadsPerDir: 2, perThread: 6, seed: 1, epoch: 0, worker: 0 })).rejects.toThrow(InputError);
    }));
});

describe('generate CPU twin', () => {
  it('draws exactly the basis entries z(i, j, r, w) of docs/design.md §3', () => {
    const shape: GenerateShape = { dirs: 3, threadsPerDir: 4, perThread: 8, seed: 99, epoch: 5, worker: 1 };
    const { sums } = generateSumsCPU(shape);
    for (let t = 0; t < sums.length; t++) {
      const i = Math.floor(t / shape.threadsPerDir), j0 = (t % shape.threadsPerDir) * shape.perThread;
      let want = 0;
      for (let j = j0; j < j0 + shape.perThread; j++) want += basisEntry('normal', shape.seed, i, j, shape.epoch, shape.worker);
      expect(sums[t]).toBe(want); // same f32 normals, added in the same order in float64
    }
  });
});
