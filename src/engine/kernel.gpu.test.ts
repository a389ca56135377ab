import { describe, expect, it } from 'vitest';
import { withDevice } from '../test/gpu';
import { createKernel, grid2d } from './kernel';
import { createBuffer } from './buffers';
import { DeviceLimitError, ShaderCompileError } from './errors';

const GOOD = `
override workgroupSize: u32 = 64;
@group(0) @binding(0) var<storage, read_write> out: array<u32>; // written by thread i
@compute @workgroup_size(workgroupSize) fn main(@builtin(global_invocation_id) g: vec3u) { out[g.x] = g.x; }
`;

describe('createKernel', () => {
  it('surfaces WGSL errors with the label, line and column', () =>
    withDevice(async ({ device }) => {
      const code = 'fn f() -> u32 {\n  return 1u;\n}\nfn g() -> u32 { return undefined_name; }\n' + GOOD;
      const error = await createKernel(device, { label: 'test.broken', code, bindings: ['storage'] }).catch((e) => e);
      expect(error).toBeInstanceOf(ShaderCompileError);
      expect(error.message).toMatch(/test\.broken:4:\d+: .*undefined_name/);
    }));

  it('caches pipelines by source and override constants', () =>
    withDevice(async ({ device }) => {
      const a = await createKernel(device, { label: 'test.a', code: GOOD, bindings: ['storage'] });
      const b = await createKernel(device, { label: 'test.b', code: GOOD, bindings: ['storage'] });
      const c = await createKernel(device, { label: 'test.c', code: GOOD, bindings: ['storage'], constants: { workgroupSize: 32 } });
      expect(b).toBe(a);
      expect(c).not.toBe(a);
    }));

  it('refuses dispatches and buffers over the device limits, naming the limit', () =>
    withDevice(async ({ device }) => {
      const kernel = await createKernel(device, { label: 'test.limits', code: GOOD, bindings: ['storage'] });
      const out = createBuffer(device, 'test.out', 64 * 4);
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      const max = device.limits.maxComputeWorkgroupsPerDimension;
      expect(() => kernel.dispatch(pass, kernel.bind([out]), max + 1)).toThrow(DeviceLimitError);
      expect(() => kernel.dispatch(pass, kernel.bind([out]), max + 1)).toThrow(/maxComputeWorkgroupsPerDimension/);
      pass.end();
      encoder.finish();
      expect(() => createBuffer(device, 'test.huge', device.limits.maxBufferSize + 16)).toThrow(/buffer 'test.huge' needs maxBufferSize/);
      const [x, y] = grid2d(device, max + 7);
      expect(x * y).toBeGreaterThanOrEqual(max + 7);
      expect(x).toBeLessThanOrEqual(max);
    }));
});
