import { describe, expect, it } from 'vitest';
import { withDevice } from './gpu';

describe('withDevice', () => {
  it('fails a test whose body caused a GPU validation error', async () => {
    const run = withDevice(async ({ device }) => {
      // MAP_READ may only be combined with COPY_DST: an invalid buffer, reported by the scope.
      device.createBuffer({ size: 16, usage: 0x01 | 0x80 });
    });
    await expect(run).rejects.toThrow(/GPU error during the test/);
  });

  it('destroys the buffers a test created, and passes a clean body', async () => {
    let made: GPUBuffer | null = null;
    await withDevice(async ({ device }) => { made = device.createBuffer({ size: 16, usage: 0x80 }); });
    // A destroyed buffer cannot be bound: using it now is a validation error.
    await expect(withDevice(async ({ device }) => {
      const layout = device.createBindGroupLayout({ entries: [{ binding: 0, visibility: 4, buffer: { type: 'storage' } }] });
      const group = device.createBindGroup({ layout, entries: [{ binding: 0, resource: { buffer: made! } }] });
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setBindGroup(0, group);
      pass.end();
      device.queue.submit([encoder.finish()]);
    })).rejects.toThrow(/GPU error/);
  });
});
