/**
 * A kernel is a small typed description (label, WGSL, bindings, override constants);
 * `createKernel` compiles it once per device and caches the pipeline by source plus
 * constants. Compile errors surface with line and column. Every GPU object is labelled.
 */
import { DeviceLimitError, GPUValidationError, ShaderCompileError } from './errors';

/** What a binding is, in order of @binding(i) in @group(0). */
export type BindingKind = 'uniform' | 'storage' | 'read-only-storage';

export interface KernelSpec {
  label: string;
  /** Full WGSL: shared functions already prepended by concatenation. */
  code: string;
  bindings: readonly BindingKind[];
  /** WGSL `override` constants, filled at pipeline creation. */
  constants?: Record<string, number>;
  entryPoint?: string;
}

export interface Kernel {
  readonly spec: KernelSpec;
  readonly pipeline: GPUComputePipeline;
  /** A bind group whose entries are `buffers` in binding order. */
  bind(buffers: readonly GPUBuffer[], label?: string): GPUBindGroup;
  /** Records one dispatch into `pass`, checking the workgroup count limits first. */
  dispatch(pass: GPUComputePassEncoder, bindGroup: GPUBindGroup, x: number, y?: number, z?: number): void;
}

const cache = new WeakMap<GPUDevice, Map<string, Promise<Kernel>>>();

function cacheKey(spec: KernelSpec): string {
  const constants = Object.entries(spec.constants ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([spec.code, spec.entryPoint ?? 'main', spec.bindings, constants]);
}

export function createKernel(device: GPUDevice, spec: KernelSpec): Promise<Kernel> {
  let perDevice = cache.get(device);
  if (!perDevice) cache.set(device, (perDevice = new Map()));
  const key = cacheKey(spec);
  let kernel = perDevice.get(key);
  if (!kernel) {
    kernel = compile(device, spec);
    perDevice.set(key, kernel);
    kernel.catch(() => perDevice.delete(key)); // a failed compile is not cached
  }
  return kernel;
}

async function compile(device: GPUDevice, spec: KernelSpec): Promise<Kernel> {
  // Everything between push and pop is synchronous, so no other GPU call (another
  // compile, a training submit) can land in this scope and be blamed on this kernel.
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label: `${spec.label}.module`, code: spec.code });
  const layout = device.createBindGroupLayout({
    label: `${spec.label}.bindGroupLayout`,
    entries: spec.bindings.map((type, binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type } })),
  });
  const pipelineLayout = device.createPipelineLayout({ label: `${spec.label}.pipelineLayout`, bindGroupLayouts: [layout] });
  const pipeline = device.createComputePipeline({
    label: `${spec.label}.pipeline`,
    layout: pipelineLayout,
    compute: { module, entryPoint: spec.entryPoint ?? 'main', constants: spec.constants },
  });
  const error = await device.popErrorScope();
  if (error) {
    // A WGSL error reads best with its line and column.
    const errors = (await module.getCompilationInfo()).messages.filter((m) => m.type === 'error');
    if (errors.length) {
      throw new ShaderCompileError(spec.label, errors.map((m) => `${spec.label}:${m.lineNum}:${m.linePos}: ${m.message}\n  ${spec.code.split('\n')[m.lineNum - 1] ?? ''}`));
    }
    throw new GPUValidationError(`pipeline '${spec.label}': ${error.message}`);
  }
  const maxGroups = device.limits.maxComputeWorkgroupsPerDimension;
  return {
    spec,
    pipeline,
    bind(buffers, label) {
      if (buffers.length !== spec.bindings.length) {
        throw new Error(`kernel '${spec.label}' takes ${spec.bindings.length} buffers, got ${buffers.length}`);
      }
      return device.createBindGroup({
        label: label ?? `${spec.label}.bindGroup`,
        layout,
        entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
    },
    dispatch(pass, bindGroup, x, y = 1, z = 1) {
      for (const n of [x, y, z]) {
        if (n > maxGroups) throw new DeviceLimitError(`kernel '${spec.label}'`, 'maxComputeWorkgroupsPerDimension', n, maxGroups);
      }
      if (x * y * z === 0) return;
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(x, y, z);
    },
  };
}

/** Splits `groups` workgroups into an (x, y) grid that fits the per-dimension limit. */
export function grid2d(device: GPUDevice, groups: number): [number, number] {
  const max = device.limits.maxComputeWorkgroupsPerDimension;
  if (groups <= max) return [groups, 1];
  const y = Math.ceil(groups / max);
  return [Math.ceil(groups / y), y];
}
