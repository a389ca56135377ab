/**
 * Every kernel of shaders/nn/ against its float64 CPU twin in src/reference/layers.ts, on
 * odd sizes. Inputs are exact in f32 (randomValues), so differences come only from f32
 * arithmetic on the GPU; each tolerance below says what bounds it.
 */
import { describe, expect, it } from 'vitest';
import { createBuffer, readF32, readU32, uploadBuffer, UNIFORM } from '../engine/buffers';
import { withDevice } from '../test/gpu';
import { expectAllClose } from '../test/stats';
import { denseBackwardParamsThreads, denseForwardThreads, dispatchGroups, dispatchThreads, loadNnKernels, type NnKernelName } from './kernels';
import { ACTIVATION_OP, type ConvDims, type DenseDims, type PoolDims, packConv, packDense, packPool } from './dims';
import * as ref from '../reference/layers';
import { awayFromZero, randomLabels, randomValues } from '../reference/layers.testdata';

/** Runs one kernel over `n` threads (or `n` workgroups) and waits for it. */
async function run(device: GPUDevice, name: NnKernelName, buffers: GPUBuffer[], n: number, perGroup = false) {
  const kernel = (await loadNnKernels(device))[name];
  const encoder = device.createCommandEncoder({ label: `test.${name}` });
  const pass = encoder.beginComputePass();
  (perGroup ? dispatchGroups : dispatchThreads)(device, pass, kernel, kernel.bind(buffers), n);
  pass.end();
  device.queue.submit([encoder.finish()]);
}
const f32 = (device: GPUDevice, data: ArrayLike<number>) => uploadBuffer(device, 'test.f32', Float32Array.from(data));
const u32 = (device: GPUDevice, data: ArrayLike<number>) => uploadBuffer(device, 'test.u32', Uint32Array.from(data));
const uniform = (device: GPUDevice, data: Uint32Array) => uploadBuffer(device, 'test.uniform', data, UNIFORM);
const out = (device: GPUDevice, n: number) => createBuffer(device, 'test.out', 4 * n);

// Dense and conv outputs are sums of n ≤ 28 products with |x·w| < 1: f32 accumulation
// errs by at most n·2^-24·Σ|terms| ≈ 28·6e-8·28 ≈ 5e-5 (typically √n times less), while
// a wrong index changes results by ~0.1.
const SUM = { atol: 5e-5, rtol: 1e-5 };

// Ragged blocks (batch 5, 17 features: the kernels take 4 rows or 4 features a thread),
// exact blocks (batch 8, 12 features) and a batch smaller than one block.
describe.each<DenseDims>([
  { batch: 5, inSize: 17, outSize: 31, offset: 3 },
  { batch: 8, inSize: 12, outSize: 4, offset: 0 },
  { batch: 2, inSize: 3, outSize: 5, offset: 1 },
])('dense kernels (batch $batch, $inSize → $outSize, at offset $offset)', (d) => {
  const { batch, inSize, outSize, offset } = d;
  const theta = randomValues(offset + inSize * outSize + outSize + 2, 1);
  const x = randomValues(batch * inSize, 2);
  const dy = randomValues(batch * outSize, 3);

  it('forward, backward_input and backward_params agree with the CPU', () =>
    withDevice(async ({ device }) => {
      const u = uniform(device, packDense(d)), t = f32(device, theta);
      const y = out(device, batch * outSize), dx = out(device, batch * inSize);
      const g = f32(device, new Float64Array(theta.length).fill(7));
      await run(device, 'denseForward', [u, t, f32(device, x), y], denseForwardThreads(batch, outSize));
      await run(device, 'denseBackwardInput', [u, t, f32(device, dy), dx], batch * inSize);
      await run(device, 'denseBackwardParams', [u, f32(device, x), f32(device, dy), g], denseBackwardParamsThreads(inSize, outSize));
      expectAllClose(await readF32(device, y, batch * outSize), ref.denseForward(x, theta, d), SUM, 'y');
      expectAllClose(await readF32(device, dx, batch * inSize), ref.denseBackwardInput(dy, theta, d), SUM, 'inputGrad');
      const want = new Float64Array(theta.length).fill(7); // entries outside the layer stay untouched
      ref.denseBackwardParams(x, dy, d, want);
      expectAllClose(await readF32(device, g, theta.length), want, SUM, 'g');
    }));
});

describe.each(['valid', 'same'] as const)('conv2d kernels (7×5×3 → 4 filters, k = 3, %s, batch 3)', (padding) => {
  const pad = padding === 'same' ? 1 : 0;
  const d: ConvDims = { batch: 3, height: 7, width: 5, inChannels: 3, outHeight: 5 + 2 * pad, outWidth: 3 + 2 * pad, outChannels: 4, kernel: 3, pad, offset: 5 };
  const params = 3 * 3 * 3 * 4 + 4, outCount = 3 * d.outHeight * d.outWidth * 4;
  const theta = randomValues(5 + params + 1, 4);
  const x = randomValues(3 * 105, 5);
  const dy = randomValues(outCount, 6);

  it('forward, backward_input and backward_params agree with the CPU', () =>
    withDevice(async ({ device }) => {
      const u = uniform(device, packConv(d)), t = f32(device, theta);
      const y = out(device, outCount), dx = out(device, 3 * 105), g = f32(device, new Float64Array(theta.length).fill(7));
      await run(device, 'conv2dForward', [u, t, f32(device, x), y], outCount);
      await run(device, 'conv2dBackwardInput', [u, t, f32(device, dy), dx], 3 * 105);
      await run(device, 'conv2dBackwardParams', [u, f32(device, x), f32(device, dy), g], params, true);
      expectAllClose(await readF32(device, y, outCount), ref.conv2dForward(x, theta, d), SUM, 'y');
      expectAllClose(await readF32(device, dx, 3 * 105), ref.conv2dBackwardInput(dy, theta, d), SUM, 'inputGrad');
      const want = new Float64Array(theta.length).fill(7);
      ref.conv2dBackwardParams(x, dy, d, want);
      // Parameter sums have B·OH·OW ≤ 105 terms |x·dy| < 1, added ≤ 2 per thread then by a
      // 6-level tree: error ≤ 8·2^-24·105 ≈ 5e-5.
      expectAllClose(await readF32(device, g, theta.length), want, { atol: 1e-4, rtol: 1e-5 }, 'g');
    }));
});

describe('maxpool2 kernels (odd 7×5×3, batch 2)', () => {
  const d: PoolDims = { batch: 2, height: 7, width: 5, channels: 3, outHeight: 3, outWidth: 2 };
  const x = randomValues(210, 7);
  x[0] = x[3]; // a tie inside the first window (pixels (0,0) and (0,1), channel 0)
  const dy = randomValues(36, 8);

  it('forward (values and argmax) and backward are exact', () =>
    withDevice(async ({ device }) => {
      const u = uniform(device, packPool(d)), y = out(device, 36), argmax = out(device, 36), dx = out(device, 210);
      await run(device, 'maxpool2Forward', [u, f32(device, x), y, argmax], 36);
      await run(device, 'maxpool2Backward', [u, f32(device, dy), argmax, dx], 210);
      const want = ref.maxpool2Forward(x, d);
      // Comparisons and copies only: no rounding anywhere.
      expect([...await readF32(device, y, 36)]).toEqual([...want.y]);
      expect([...await readU32(device, argmax, 36)]).toEqual([...want.argmax]);
      expect([...await readF32(device, dx, 210)]).toEqual([...ref.maxpool2Backward(dy, want.argmax, d)]);
    }));
});

describe.each(['relu', 'tanh'] as const)('%s kernels', (op) => {
  // Values up to ±8, plus ±60 to hit tanh's clamp, plus exact zeros for ReLU's kink.
  const x = Float64Array.of(...awayFromZero(randomValues(997, 9, 8), 0), 60, -60, 0, -0);
  const dy = randomValues(x.length, 10);

  it('forward and backward agree with the CPU', () =>
    withDevice(async ({ device }) => {
      const n = x.length, u = uniform(device, Uint32Array.of(n, ACTIVATION_OP[op]));
      const y = out(device, n), dx = out(device, n);
      await run(device, 'activationForward', [u, f32(device, x), y], n);
      const gy = await readF32(device, y, n);
      await run(device, 'activationBackward', [u, y, f32(device, dy), dx], n);
      // ReLU is exact. WGSL's tanh inherits sinh/cosh's error, built from exp (3 + 2|x| ulp):
      // a few 1e-7 absolute near 0 and ≤ ~50 ulp relative at |x| = 10; atol 1e-5 covers both.
      // The backward is then compared from the GPU's own y, so only one f32 rounding remains.
      const tol = op === 'relu' ? { atol: 0 } : { atol: 1e-5 };
      expectAllClose(gy, ref.activationForward(op, x), tol, 'y');
      expectAllClose(await readF32(device, dx, n), ref.activationBackward(op, gy, dy), { atol: 1e-7 }, 'inputGrad');
      expect(Number.isFinite(gy[n - 4]) && gy[n - 4] === (op === 'relu' ? 60 : 1)).toBe(true);
    }));
});

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
