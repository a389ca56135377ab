import { describe, expect, it } from 'vitest';
import { readF32, uploadBuffer } from '../engine/buffers';
import { correlationSums } from '../reference/correlation';
import { withDevice } from '../test/gpu';
import { expectWithin, randomArray, U } from '../test/subspace-kit';
import { CORRELATION_CHUNK, correlationTasks, createCorrelation, type Correlation, type Ranges } from './correlation';

// Odd sizes: compartments of 17, 1,031 (one chunk and a ragged 7) and 2,531 parameters
// (three chunks), then one that skips the first 5 parameters, so every bounds path shows.
const D = 3579;
const RANGES: Ranges = [[0, 17], [17, 1048], [1048, 3579]];
const SKIPPING: Ranges = [[5, 3579]];

/**
 * Bound on the f32 sums: each is a sum of n = D_k terms in some order, and each term a
 * product of values that are themselves sums of S slots, so |ŝ − s| ≤ (D_k + 2S + 8)·u·Σ|t|
 * (Higham §4.2, as src/test/subspace-kit.ts), with |t| taken with Σ_s |v_s| for v.
 */
function sumsBound(u: Float32Array, v: Float32Array, slots: number, ranges: Ranges): Float64Array {
  const vAbs = Float64Array.from({ length: D }, (_, j) => {
    let s = 0;
    for (let w = 0; w < slots; w++) s += Math.abs(v[w * D + j]);
    return s;
  });
  const uAbs = Float64Array.from(u, Math.abs);
  const abs = correlationSums(uAbs, vAbs, 1, D, ranges);
  return abs.map((x, n) => (ranges[Math.floor(n / 3)][1] - ranges[Math.floor(n / 3)][0] + 2 * slots + 8) * U * x);
}

async function run(device: GPUDevice, corr: Correlation, u: GPUBuffer, v: GPUBuffer, slots: number, use: number): Promise<Float32Array> {
  const encoder = device.createCommandEncoder({ label: 'test.correlation' });
  const pass = encoder.beginComputePass({ label: 'test.correlation.pass' });
  corr.record(pass, u, v, slots, use);
  pass.end();
  device.queue.submit([encoder.finish()]);
  const all = await readF32(device, corr.sums, corr.sums.size / 4);
  return all.slice(use * corr.compartments * 3, (use + 1) * corr.compartments * 3);
}

describe('correlation sums (shaders/subspace/correlation_*.wgsl) against correlationSums', () => {
  it('splits each compartment into chunks of at most CORRELATION_CHUNK parameters, in order', () => {
    const { tasks, perCompartment } = correlationTasks(RANGES);
    expect([...perCompartment]).toEqual([0, 1, 1, 2, 3, 3]);
    expect([...tasks.slice(4, 12)]).toEqual([1, 17, 17 + CORRELATION_CHUNK, 0, 1, 17 + CORRELATION_CHUNK, 1048, 0]);
  });

  it.each([1, 3])('matches the float64 twin within the f32 bound, with v the sum of %i slots; the same bits twice; each use in its own place', (slots) =>
    withDevice(async ({ device }) => {
      const uHost = randomArray(D, 5), vHost = randomArray(slots * D, 6);
      const u = uploadBuffer(device, 'test.u', uHost), v = uploadBuffer(device, 'test.v', vHost);
      const corr = await createCorrelation(device, D, RANGES, 2);
      const first = await run(device, corr, u, v, slots, 1);
      expectWithin(first, correlationSums(uHost, vHost, slots, D, RANGES), sumsBound(uHost, vHost, slots, RANGES), `sums, ${slots} slots`);
      expect([...(await run(device, corr, u, v, slots, 1))]).toEqual([...first]); // deterministic
      const zeroUse = await run(device, corr, v, u, 1, 0); // u and v swap: Σ uv is symmetric
      expect(zeroUse[0]).toBeCloseTo(correlationSums(vHost, uHost, 1, D, RANGES)[0], 4);
      expect([...(await readF32(device, corr.sums, 18)).slice(9)]).toEqual([...first]); // use 1 untouched by use 0
      corr.destroy();

      const skipping = await createCorrelation(device, D, SKIPPING, 1);
      const part = await run(device, skipping, u, v, slots, 0);
      expectWithin(part, correlationSums(uHost, vHost, slots, D, SKIPPING), sumsBound(uHost, vHost, slots, SKIPPING), 'sums over [5, D)');
      skipping.destroy();
    }));

  it('refuses ranges outside [0, D) and buffers too small for the slots', () =>
    withDevice(async ({ device }) => {
      await expect(createCorrelation(device, D, [[0, D + 1]], 1)).rejects.toThrow(/compartments: .*≤ D = 3579/);
      const corr = await createCorrelation(device, D, RANGES, 1);
      const u = uploadBuffer(device, 'test.u', randomArray(D, 1));
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      expect(() => corr.record(pass, u, u, 2, 0)).toThrow(/v: buffer 'test.u' has 14320 bytes, needs 28632/);
      expect(() => corr.record(pass, u, u, 1, 1)).toThrow(/use: must be a whole number below 1/);
      pass.end();
      encoder.finish();
      corr.destroy();
    }));
});
