/**
 * Runs the WGSL Philox on the Random123 known answers on a live device: the page's
 * proof that WebGPU, the shader pipeline and the generator all work.
 */
import philoxBatch from '../../shaders/test/philox_batch.wgsl?raw';
import { RNG_WGSL } from '../rng/wgsl';
import { KNOWN_ANSWERS } from '../rng/known-answers';
import { createKernel } from './kernel';
import { createBuffer, readU32, uploadBuffer, UNIFORM } from './buffers';

export interface SelfTestResult {
  ok: boolean;
  outputs: number[][];
  expected: number[][];
}

export async function philoxSelfTest(device: GPUDevice): Promise<SelfTestResult> {
  const n = KNOWN_ANSWERS.length;
  const packed = new Uint32Array(8 * n);
  KNOWN_ANSWERS.forEach(([c, k], m) => packed.set([...c, ...k, 0, 0], 8 * m));
  const kernel = await createKernel(device, { label: 'selftest.philox', code: RNG_WGSL + philoxBatch, bindings: ['uniform', 'read-only-storage', 'storage'] });
  const buffers = [
    uploadBuffer(device, 'selftest.count', Uint32Array.of(n, 0, 0, 0), UNIFORM),
    uploadBuffer(device, 'selftest.inputs', packed),
    createBuffer(device, 'selftest.outputs', n * 16),
  ];
  const encoder = device.createCommandEncoder({ label: 'selftest.encoder' });
  const pass = encoder.beginComputePass({ label: 'selftest.pass' });
  kernel.dispatch(pass, kernel.bind(buffers), 1);
  pass.end();
  device.queue.submit([encoder.finish()]);
  const out = await readU32(device, buffers[2], n * 4);
  buffers.forEach((b) => b.destroy());
  const outputs = KNOWN_ANSWERS.map((_, m) => [...out.slice(4 * m, 4 * m + 4)]);
  const expected = KNOWN_ANSWERS.map(([, , e]) => e);
  return { ok: JSON.stringify(outputs) === JSON.stringify(expected), outputs, expected };
}
