import { describe, expect, it } from 'vitest';
import philoxBatch from '../../shaders/test/philox_batch.wgsl?raw';
import basisSample from '../../shaders/test/basis_sample.wgsl?raw';
import { createKernel, grid2d } from '../engine/kernel';
import { createBuffer, readF32, readU32, uploadBuffer, UNIFORM } from '../engine/buffers';
import { withDevice } from '../test/gpu';
import { expectAllClose } from '../test/stats';
import { RNG_WGSL } from './wgsl';
import { philox4x32 } from './philox';
import { basisEntry, DIST_CODE, DISTRIBUTIONS } from './distributions';
import { KNOWN_ANSWERS } from './known-answers';

/** Runs the WGSL philox4x32_10 on `n` (counter, key) pairs packed as 8 words each. */
async function gpuPhilox(device: GPUDevice, packed: Uint32Array): Promise<Uint32Array> {
  const n = packed.length / 8;
  const kernel = await createKernel(device, { label: 'test.philoxBatch', code: RNG_WGSL + philoxBatch, bindings: ['uniform', 'read-only-storage', 'storage'] });
  const count = uploadBuffer(device, 'test.count', Uint32Array.of(n, 0, 0, 0), UNIFORM);
  const inputs = uploadBuffer(device, 'test.inputs', packed);
  const outputs = createBuffer(device, 'test.outputs', n * 16);
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  kernel.dispatch(pass, kernel.bind([count, inputs, outputs]), ...grid2d(device, Math.ceil(n / 64)));
  pass.end();
  device.queue.submit([encoder.finish()]);
  return readU32(device, outputs, n * 4);
}

describe('philox4x32_10 (WGSL)', () => {
  it('matches the Random123 known answers', () =>
    withDevice(async ({ device }) => {
      const packed = new Uint32Array(8 * KNOWN_ANSWERS.length);
      KNOWN_ANSWERS.forEach(([c, k], n) => packed.set([...c, ...k, 0, 0], 8 * n));
      const out = await gpuPhilox(device, packed);
      KNOWN_ANSWERS.forEach(([, , expected], n) => expect([...out.slice(4 * n, 4 * n + 4)]).toEqual(expected));
    }));

  it('equals the TS philox bit for bit on 1,000,000 random counter/key pairs', () =>
    withDevice(async ({ device }) => {
      const n = 1_000_000;
      const packed = new Uint32Array(8 * n);
      // Inputs come from the TS generator itself (seeded), so they cover all 32 bits.
      for (let m = 0; m < n; m++) {
        const a = philox4x32([m, 0, 0, 0], [0x5eed, 99]);
        const b = philox4x32([m, 1, 0, 0], [0x5eed, 99]);
        packed.set(a, 8 * m);
        packed[8 * m + 4] = b[0];
        packed[8 * m + 5] = b[1];
      }
      const out = await gpuPhilox(device, packed);
      let mismatches = 0, first = -1;
      for (let m = 0; m < n; m++) {
        const want = philox4x32(packed.subarray(8 * m, 8 * m + 4), packed.subarray(8 * m + 4, 8 * m + 6));
        for (let q = 0; q < 4; q++) {
          if (out[4 * m + q] !== want[q]) { mismatches++; if (first < 0) first = m; }
        }
      }
      expect(mismatches, `first mismatch at pair ${first}`).toBe(0);
    }));
});

describe('basis distributions (WGSL against basisEntry)', () => {
  // Indices span all four counter words, including large ones, and every lane j&3 and bit j&31.
  const n = 200_000;
  const indices = new Uint32Array(4 * n);
  for (let m = 0; m < n; m++) {
    const x = philox4x32([m, 0, 0, 0], [1234, 5]);
    indices.set([x[0] % 4096, m < n / 2 ? m : x[1] >>> 1, x[2] % 64, x[3] % 8], 4 * m);
  }

  it.each(DISTRIBUTIONS)('%s entries agree with the CPU reference', (dist) =>
    withDevice(async ({ device }) => {
      const seed = 0xabcdef;
      const kernel = await createKernel(device, { label: 'test.basisSample', code: RNG_WGSL + basisSample, bindings: ['uniform', 'read-only-storage', 'storage'] });
      const params = uploadBuffer(device, 'test.params', Uint32Array.of(n, DIST_CODE[dist], seed, 0), UNIFORM);
      const idx = uploadBuffer(device, 'test.indices', indices);
      const values = createBuffer(device, 'test.values', n * 4);
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      kernel.dispatch(pass, kernel.bind([params, idx, values]), ...grid2d(device, Math.ceil(n / 64)));
      pass.end();
      device.queue.submit([encoder.finish()]);
      const gpu = await readF32(device, values, n);
      const cpu = new Float64Array(n);
      for (let m = 0; m < n; m++) {
        cpu[m] = basisEntry(dist, seed, indices[4 * m], indices[4 * m + 1], indices[4 * m + 2], indices[4 * m + 3]);
      }
      // docs/design.md §3: normals may differ by ~3e-3 absolute (WGSL's log/sin/cos precision;
      // the tail |z|≈5.5 amplifies log's error through √). Uniforms and signs involve only
      // exact conversions and one f32 multiply, so they must agree to f32 rounding.
      const atol = dist === 'normal' ? 3e-3 : 1e-6;
      expectAllClose(gpu, cpu, { atol }, `${dist} z(i,j,r,w)`);
    }));
});
