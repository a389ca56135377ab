import { describe, expect, it } from 'vitest';
import { createBuffer, readF32, readU32 } from '../engine/buffers';
import { DeviceLimitError } from '../engine/errors';
import { philox4x32 } from '../rng/philox';
import { withDevice } from '../test/gpu';
import { expectBytesMatchLedger } from '../test/ledger';
import { gatherBatch, type Split } from './dataset';
import { createGather, recordGather, uploadDataset, writeEpochOrder } from './gpu';
import { batchOffset, epochOrder } from './order';
import { generateSynthetic } from './synthetic';

/**
 * count random u8 images of F values, 10 classes. Odd sizes make samples straddle u32 words,
 * and views at odd byte offsets stand for the views parseMnistBin and parseIdx return.
 */
function randomU8Split(count: number, F: number): Split {
  const images = new Uint8Array(count * F + 3).map((_, i) => philox4x32([i, 0, 0, 0], [9, 9])[0] & 255).subarray(3);
  const labels = new Uint8Array(count + 1).map((_, n) => philox4x32([n, 1, 0, 0], [9, 9])[0] % 10).subarray(1);
  return { count, images, labels };
}

/** Runs one gather per (state, offset) pair, all in one submit, and reads the outputs back. */
async function gpuGather(device: GPUDevice, states: Awaited<ReturnType<typeof createGather>>[], offsets: number[]) {
  const outs = states.map((s, i) => ({
    inputs: createBuffer(device, `test.inputs${i}`, 4 * s.batch * s.data.features),
    labels: createBuffer(device, `test.labels${i}`, 4 * s.batch),
  }));
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  states.forEach((s, i) => recordGather(pass, s, outs[i].inputs, outs[i].labels, offsets[i]));
  pass.end();
  device.queue.submit([encoder.finish()]);
  return Promise.all(outs.map(async (o, i) => ({
    inputs: await readF32(device, o.inputs, states[i].batch * states[i].data.features),
    labels: await readU32(device, o.labels, states[i].batch),
  })));
}

describe('GPU gather (shaders/data/gather.wgsl) against gatherBatch', () => {
  it('u8 images 7×5×1: equal bit for bit, over successive steps and 3 workers in one submit', () =>
    withDevice(async ({ device }) => {
      const split = randomU8Split(60, 35), B = 17, W = 3; // 60·35 bytes: whole words, uploaded as the view itself
      const data = uploadDataset(device, split, 'test.u8');
      const order = epochOrder(split.count, 123, 4);
      writeEpochOrder(device, data, order);
      const states = await Promise.all([0, 1, 2].map(() => createGather(device, data, B)));
      // Step 0 as three workers in one submit (one state each), then step 0 again through
      // one state at the last position an epoch reaches, after a new writeBuffer of the offset.
      const got = await gpuGather(device, states, [0, 1, 2].map((w) => batchOffset(B, 0, w, W)));
      const last = await gpuGather(device, [states[0]], [split.count - B]);
      [...got, ...last].forEach((g, i) => {
        const want = gatherBatch(split, order, i < W ? batchOffset(B, 0, i, W) : split.count - B, B);
        expect(g.inputs).toEqual(want.inputs); // q · f32(1/255) is exact on both sides
        expect(g.labels).toEqual(want.labels);
      });
      data.destroy();
    }));

  it('f32 synthetic points pass through unchanged', () =>
    withDevice(async ({ device }) => {
      const split = generateSynthetic('spiral', 1, { classes: 3, train: 31, test: 3 }).train;
      const data = uploadDataset(device, split, 'test.f32');
      const order = epochOrder(split.count, 5, 0);
      writeEpochOrder(device, data, order);
      const [g] = await gpuGather(device, [await createGather(device, data, 7)], [14]);
      const want = gatherBatch(split, order, 14, 7);
      expect(g.inputs).toEqual(want.inputs);
      expect(g.labels).toEqual(want.labels);
    }));

  it('refuses a batch outside the split', () =>
    withDevice(async ({ device }) => {
      const data = uploadDataset(device, randomU8Split(10, 3), 'test.small');
      const state = await createGather(device, data, 4);
      const buf = createBuffer(device, 'test.out', 64);
      const pass = device.createCommandEncoder().beginComputePass();
      expect(() => recordGather(pass, state, buf, buf, 7)).toThrow(/batch \[7, 11\) is outside test\.small's 10 samples/);
      pass.end();
    }));
});

describe('GPU memory of the data', () => {
  it('a split and a gather state each count in bytes exactly the buffers they own, and give them back', () =>
    withDevice(async ({ device }) => {
      // 7 × 5 u8: 35 bytes of images, padded to whole words and rounded up by createBuffer.
      await expectBytesMatchLedger(device, 'u8 split', () => uploadDataset(device, randomU8Split(7, 5), 'test.bytesU8'));
      const f32 = generateSynthetic('spiral', 1, { classes: 3, train: 31, test: 3 }).train;
      await expectBytesMatchLedger(device, 'f32 split', () => uploadDataset(device, f32, 'test.bytesF32'));
      const data = uploadDataset(device, f32, 'test.bytesShared');
      // The split is shared between gathers: a gather's bytes are its uniform only.
      await expectBytesMatchLedger(device, 'gather state', () => createGather(device, data, 7));
      data.destroy();
    }));
});

describe('uploadDataset limits', () => {
  it('names maxStorageBufferBindingSize when the images do not fit one binding', () => {
    const device = { limits: { maxStorageBufferBindingSize: 1000, maxBufferSize: 1 << 30 } } as unknown as GPUDevice;
    const split = randomU8Split(40, 30);
    expect(() => uploadDataset(device, split, 'cifar-10 train')).toThrow(DeviceLimitError);
    expect(() => uploadDataset(device, split, 'cifar-10 train')).toThrow(
      'cifar-10 train images (40 × 30 u8) needs maxStorageBufferBindingSize = 1200, but this device allows 1000',
    );
  });
});
