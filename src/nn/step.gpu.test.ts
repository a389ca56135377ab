/**
 * The kernels of a step that are not layers (softmax_xent, metrics_accumulate, sgd_update)
 * against their float64 CPU twins in src/reference/step.ts. Inputs are exact in f32
 * (randomValues), so differences come only from f32 arithmetic on the GPU; each tolerance
 * below says what bounds it. init_glorot is checked in network.gpu.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { createBuffer, readF32, readU32, uploadBuffer, UNIFORM } from '../engine/buffers';
import { withDevice } from '../test/gpu';
import { expectAllClose } from '../test/stats';
import { dispatchThreads, loadStepKernels, type StepKernelName } from './kernels';
import * as ref from '../reference/step';
import { randomLabels, randomValues } from '../reference/layers.testdata';

/** Runs one kernel over `n` threads and waits for it. */
async function run(device: GPUDevice, name: StepKernelName, buffers: GPUBuffer[], n: number) {
  const kernel = (await loadStepKernels(device))[name];
  const encoder = device.createCommandEncoder({ label: `test.${name}` });
  const pass = encoder.beginComputePass();
  dispatchThreads(device, pass, kernel, kernel.bind(buffers), n);
  pass.end();
  device.queue.submit([encoder.finish()]);
}
const f32 = (device: GPUDevice, data: ArrayLike<number>) => uploadBuffer(device, 'test.f32', Float32Array.from(data));
const u32 = (device: GPUDevice, data: ArrayLike<number>) => uploadBuffer(device, 'test.u32', Uint32Array.from(data));
const uniform = (device: GPUDevice, data: Uint32Array) => uploadBuffer(device, 'test.uniform', data, UNIFORM);
const out = (device: GPUDevice, n: number) => createBuffer(device, 'test.out', 4 * n);

describe.each([10, 3])('softmax_xent with C = %i', (C) => {
  const rows = 7;
  const logits = randomValues(rows * C, 11 + C, 16); // up to ±16: exp(z − max) spans e^-32
  const labels = randomLabels(rows, C, 12 + C);

  it.each([7, 5])('loss, correct and logitsGrad over %i real rows of 7', (count) =>
    withDevice(async ({ device }) => {
      const u = uniform(device, Uint32Array.of(count, rows, C, 0));
      const loss = out(device, rows), correct = out(device, rows), grad = f32(device, new Float64Array(rows * C).fill(9));
      await run(device, 'softmaxXent', [u, f32(device, logits), u32(device, labels), loss, correct, grad], rows);
      const want = ref.softmaxXent(logits, labels, rows, C, count);
      // exp errs by 3 + 2|x| ulp (|x| ≤ 32 here: ≤ 67 ulp ≈ 4e-6 relative) and log by 2^-21
      // absolute near 1: loss atol 1e-5 + rtol 1e-5; the gradient is ≤ 1/count in size.
      expectAllClose(await readF32(device, loss, rows), want.loss, { atol: 1e-5, rtol: 1e-5 }, 'loss');
      expect([...await readU32(device, correct, rows)]).toEqual([...want.correct]);
      expectAllClose(await readF32(device, grad, rows * C), want.logitsGrad, { atol: 1e-6, rtol: 1e-5 }, 'logitsGrad');
    }));
});

describe('metrics_accumulate and sgd_update', () => {
  it('metrics add two batches bit for bit like the f32 CPU twin', () =>
    withDevice(async ({ device }) => {
      const rows = 9, losses = randomValues(rows, 13, 4).map(Math.abs), correct = randomLabels(rows, 2, 14);
      const acc = f32(device, [0, 0, 0, 0]);
      const l = f32(device, losses), c = u32(device, correct);
      await run(device, 'metricsAccumulate', [uniform(device, Uint32Array.of(rows, rows, 2, 0)), l, c, acc], 1);
      await run(device, 'metricsAccumulate', [uniform(device, Uint32Array.of(6, rows, 2, 0)), l, c, acc], 1);
      let want = ref.metricsAccumulate({ lossSum: 0, correct: 0, samples: 0, batches: 0 }, losses, correct, rows);
      want = ref.metricsAccumulate(want, losses, correct, 6);
      const raw = await readU32(device, acc, 4);
      expect(new Float32Array(raw.buffer)[0]).toBe(want.lossSum); // f32 adds are correctly rounded
      expect([...raw.subarray(1)]).toEqual([want.correct, want.samples, want.batches]);
    }));

  it('sgd_update: θ −= η·g over more than 65,535 workgroups (the 2-D grid path)', () =>
    withDevice(async ({ device }) => {
      // 65,535·64 + 17 parameters: grid2d must use y > 1. Cheap exact data (no Philox) keeps it fast.
      const D = 65_535 * 64 + 17, lr = 0.375;
      const theta = Float32Array.from({ length: D }, (_, j) => (j % 1000) / 1024 - 0.5);
      const g = Float32Array.from({ length: D }, (_, j) => ((j * 7) % 513) / 512 - 0.5);
      const t = uploadBuffer(device, 'test.theta', theta);
      await run(device, 'sgdUpdate', [uniform(device, Uint32Array.of(D, 0, 0, 0)), uploadBuffer(device, 'test.lr', Float32Array.of(lr, 0, 0, 0), UNIFORM), t, uploadBuffer(device, 'test.g', g)], D);
      const want = Float64Array.from(theta);
      ref.sgdUpdate(want, g, lr);
      // θ − 0.375·g here is exact in f32 (few significant bits), so even the rounding of a
      // fused multiply-add cannot differ: compare exactly, which also proves every j ran once.
      expectAllClose(await readF32(device, t, D), want, { atol: 0 }, 'θ');
    }));
});
