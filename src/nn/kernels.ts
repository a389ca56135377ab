/**
 * How the kernels of shaders/nn/ are described, compiled and dispatched, and the kernels
 * of a step that are not layers (loss, metrics, SGD, init). Each layer kind's own kernels
 * live with its descriptor in ./layers/. Compilation goes through createKernel's cache, so
 * asking again for a kernel (another layer, another network) costs a lookup.
 */
import { createKernel, grid2d, type BindingKind, type Kernel } from '../engine/kernel';
import { RNG_WGSL } from '../rng/wgsl';
import common from '../../shaders/nn/common.wgsl?raw';
import softmaxXent from '../../shaders/nn/softmax_xent.wgsl?raw';
import metricsAccumulate from '../../shaders/nn/metrics_accumulate.wgsl?raw';
import sgdUpdate from '../../shaders/nn/sgd_update.wgsl?raw';
import initGlorot from '../../shaders/nn/init_glorot.wgsl?raw';

/** Threads per workgroup for every layer kernel. */
export const WORKGROUP_SIZE = 64;

/** workgroupSize and flatIndex (shaders/nn/common.wgsl), prepended to each one-thread-per-element kernel. */
export const NN_COMMON = common;

/** Binding kinds, short so that a kernel's list reads like its WGSL @binding lines. */
export const U: BindingKind = 'uniform', R: BindingKind = 'read-only-storage', W: BindingKind = 'storage';

/** One kernel: its file in shaders/nn/ (for the label), its full WGSL and its bindings in @binding order. */
export interface KernelSource {
  file: string;
  code: string;
  bindings: readonly BindingKind[];
  /** The kernel fixes its own @workgroup_size and has no workgroupSize override. */
  fixedWorkgroup?: true;
}

/** Compiles (or fetches from the cache) each kernel of `sources` for `device`. */
export async function compileKernels<N extends string>(device: GPUDevice, sources: Record<N, KernelSource>): Promise<Record<N, Kernel>> {
  const names = Object.keys(sources) as N[];
  const kernels = await Promise.all(names.map((name) => {
    const { file, code, bindings, fixedWorkgroup } = sources[name];
    const constants = fixedWorkgroup ? undefined : { workgroupSize: WORKGROUP_SIZE };
    return createKernel(device, { label: `nn.${file}`, code, bindings, constants });
  }));
  return Object.fromEntries(names.map((name, i) => [name, kernels[i]])) as Record<N, Kernel>;
}

const STEP_KERNELS = {
  softmaxXent: { file: 'softmax_xent', code: NN_COMMON + softmaxXent, bindings: [U, R, R, W, W, W] },
  metricsAccumulate: { file: 'metrics_accumulate', code: metricsAccumulate, bindings: [U, R, R, W], fixedWorkgroup: true },
  sgdUpdate: { file: 'sgd_update', code: NN_COMMON + sgdUpdate, bindings: [U, U, W, R] },
  initGlorot: { file: 'init_glorot', code: RNG_WGSL + NN_COMMON + initGlorot, bindings: [U, U, W] },
} satisfies Record<string, KernelSource>;

export type StepKernelName = keyof typeof STEP_KERNELS;

/** The kernels of a step around the layers, compiled for `device`. */
export const loadStepKernels = (device: GPUDevice) => compileKernels(device, STEP_KERNELS);

/** Records `kernel` with one thread per element for `threads` elements. */
export function dispatchThreads(device: GPUDevice, pass: GPUComputePassEncoder, kernel: Kernel, bindGroup: GPUBindGroup, threads: number): void {
  kernel.dispatch(pass, bindGroup, ...grid2d(device, Math.ceil(threads / WORKGROUP_SIZE)));
}
