/**
 * The whole GPU schedule (createNetwork) against the float64 CPU reference network:
 * init, forward + backward to g, metrics, SGD, and evaluation with a partial batch.
 */
import { describe, expect, it } from 'vitest';
import { readF32 } from '../engine/buffers';
import { withDevice } from '../test/gpu';
import { expectAllClose } from '../test/stats';
import { planModel, type Architecture } from './model';
import { createNetwork, type Network } from './network';
import { glorotInit, sgdUpdate } from '../reference/step';
import { networkGradient } from '../reference/network';
import { randomLabels, randomValues } from '../reference/layers.testdata';
import { SMALL_CNN, SMALL_MLP } from '../reference/network.testdata';

const SEED = 2024;

/** Records `record` into one pass of one encoder and submits it. */
function submit(device: GPUDevice, record: (pass: GPUComputePassEncoder, encoder: GPUCommandEncoder) => void) {
  const encoder = device.createCommandEncoder({ label: 'test.step' });
  const pass = encoder.beginComputePass({ label: 'test.step.pass' });
  record(pass, encoder);
  pass.end();
  device.queue.submit([encoder.finish()]);
}

function fill(device: GPUDevice, net: Network, x: Float64Array, labels: Uint32Array<ArrayBuffer>) {
  device.queue.writeBuffer(net.input, 0, Float32Array.from(x));
  device.queue.writeBuffer(net.labels, 0, labels);
}

describe.each([['MLP', SMALL_MLP], ['CNN', SMALL_CNN]] as [string, Architecture][])('small %s on 7×5×3 inputs, batch 5', (_, arch) => {
  const plan = planModel(arch, [7, 5, 3], 10);
  const batch = 5;
  const x = randomValues(batch * 105, 30);
  const labels = randomLabels(batch, 10, 31);

  it('init, forward + backward + metrics, then SGD, agree with the CPU reference', () =>
    withDevice(async ({ device }) => {
      const net = await createNetwork(device, plan, batch);
      const init = device.createCommandEncoder();
      net.recordInit(init, SEED);
      device.queue.submit([init.finish()]);
      const theta0 = await readF32(device, net.theta, plan.D);
      // Exact conversions and one f32 multiply on both sides: equal to f32 rounding (in fact exactly).
      expectAllClose(theta0, glorotInit(plan, SEED), { atol: 1e-6 }, 'θ0');
      for (const t of plan.tensors.filter((t) => t.role === 'bias')) {
        expect(theta0.subarray(t.offset, t.offset + t.size).every((v) => v === 0)).toBe(true);
      }

      fill(device, net, x, labels);
      submit(device, (pass) => { net.recordForward(pass); net.recordBackward(pass); net.recordMetrics(pass); });
      const want = networkGradient(plan, theta0, x, labels, batch);
      const g = await readF32(device, net.grad, plan.D);
      const logits = await readF32(device, net.logits, batch * 10);
      const metrics = await net.readMetrics();
      // f32 through ≤ 3 layers of short sums (≤ 105 terms) of values ≲ 1: each output errs by
      // ~√n·2^-24 ≈ 1e-6 typically (5e-8 seen on SwiftShader); atol 5e-6 allows for another
      // summation order or FMA on a real GPU, and an indexing bug would be off by ~0.1.
      expectAllClose(logits, want.logits, { atol: 5e-6, rtol: 1e-5 }, 'logits');
      expectAllClose([metrics.loss], [want.loss], { rtol: 1e-5 }, 'mean loss');
      expect(metrics).toMatchObject({ samples: batch, batches: 1, accuracy: want.correct.reduce((s, c) => s + c, 0) / batch });
      // g (entries ≲ 0.3) adds the backward's own sums of the same kind: atol 2e-6, rtol 1e-4.
      expectAllClose(g, want.g, { atol: 2e-6, rtol: 1e-4 }, 'g');
      expect((await net.readMetrics()).samples).toBe(0); // reading reset the accumulator

      net.setLearningRate(0.5);
      submit(device, (pass) => net.recordSgd(pass));
      const theta1 = Float64Array.from(theta0);
      sgdUpdate(theta1, g, 0.5);
      expectAllClose(await readF32(device, net.theta, plan.D), theta1, { atol: 2e-7 }, 'θ after SGD');
      net.destroy();
    }));
});

describe('evaluation mode', () => {
  const plan = planModel(SMALL_CNN, [7, 5, 3], 10);
  const rows = 8, count = 5;
  const x1 = randomValues(rows * 105, 40), x2 = randomValues(rows * 105, 41);
  const y1 = randomLabels(rows, 10, 42), y2 = randomLabels(rows, 10, 43);

  it('sums a full and a partial batch in one submit, ignoring the padding rows, on a shared θ', () =>
    withDevice(async ({ device }) => {
      const train = await createNetwork(device, plan, 2);
      const init = device.createCommandEncoder();
      train.recordInit(init, SEED);
      device.queue.submit([init.finish()]);
      const evalNet = await createNetwork(device, plan, rows, { mode: 'eval', theta: train.theta });
      // Two batches in one submit: each is copied into `input` between passes, as a gather would.
      const staged = [x1, x2].map((x) => {
        const b = device.createBuffer({ size: rows * 105 * 4, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
        device.queue.writeBuffer(b, 0, Float32Array.from(x));
        return b;
      });
      const labels = [y1, y2].map((y) => {
        const b = device.createBuffer({ size: rows * 4, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
        device.queue.writeBuffer(b, 0, y);
        return b;
      });
      const encoder = device.createCommandEncoder();
      [rows, count].forEach((n, i) => {
        encoder.copyBufferToBuffer(staged[i], 0, evalNet.input, 0, rows * 105 * 4);
        encoder.copyBufferToBuffer(labels[i], 0, evalNet.labels, 0, rows * 4);
        const pass = encoder.beginComputePass();
        evalNet.recordForward(pass, n);
        evalNet.recordMetrics(pass);
        pass.end();
      });
      device.queue.submit([encoder.finish()]);
      const metrics = await evalNet.readMetrics();

      const theta = glorotInit(plan, SEED);
      const a = networkGradient(plan, theta, x1, y1, rows);
      const b = networkGradient(plan, theta, x2, y2, rows, count);
      const hits = [...a.correct, ...b.correct].reduce((s, c) => s + c, 0);
      expect(metrics).toMatchObject({ samples: rows + count, batches: 2, accuracy: hits / (rows + count) });
      expectAllClose([metrics.loss], [(a.loss * rows + b.loss * count) / (rows + count)], { rtol: 1e-5 }, 'mean loss');
      expect(() => evalNet.recordBackward(null as never)).toThrow(/evaluation/);
      expect(() => evalNet.recordForward(null as never, rows + 1)).toThrow(/count/);
      evalNet.destroy();
      train.destroy();
    }));
});

describe('bytes', () => {
  const plan = planModel(SMALL_CNN, [7, 5, 3], 10);

  it('is the size of every buffer the network made and still holds, never a shared θ', () =>
    withDevice(async ({ device }) => {
      // A ledger of our own: every buffer created from here on, by size.
      const ledger = new Map<GPUBuffer, number>();
      const create = device.createBuffer;
      device.createBuffer = function (descriptor: GPUBufferDescriptor) {
        const buffer = create.call(this, descriptor);
        ledger.set(buffer, buffer.size);
        return buffer;
      };
      const since = (before: number) => [...ledger.values()].slice(before).reduce((s, n) => s + n, 0);
      try {
        const train = await createNetwork(device, plan, 5);
        expect(train.bytes).toBe(since(0));
        expect(train.bytes).toBeGreaterThan(4 * plan.D * 2); // θ and g at least
        const made = ledger.size;
        const evalNet = await createNetwork(device, plan, 8, { mode: 'eval', theta: train.theta });
        expect(evalNet.bytes).toBe(since(made));
        // Uniforms made on first use (an init seed, a partial evaluation batch) are counted too.
        const encoder = device.createCommandEncoder();
        train.recordInit(encoder, SEED);
        const pass = encoder.beginComputePass();
        evalNet.recordForward(pass, 3);
        pass.end();
        device.queue.submit([encoder.finish()]);
        expect(train.bytes + evalNet.bytes).toBe(since(0));
        evalNet.destroy();
        expect(evalNet.bytes).toBe(0);
        train.destroy();
      } finally {
        device.createBuffer = create;
      }
    }));
});
