/**
 * The layer kernels of shaders/nn/ as typed descriptors, compiled once per device through
 * createKernel's cache, and a helper that dispatches one thread per element over a 2-D
 * grid (so more than 65,535 workgroups fit the per-dimension limit).
 */
import { createKernel, grid2d, type BindingKind, type Kernel } from '../engine/kernel';
import { RNG_WGSL } from '../rng/wgsl';
import denseForward from '../../shaders/nn/dense_forward.wgsl?raw';
import denseBackwardInput from '../../shaders/nn/dense_backward_input.wgsl?raw';
import denseBackwardParams from '../../shaders/nn/dense_backward_params.wgsl?raw';
import conv2dForward from '../../shaders/nn/conv2d_forward.wgsl?raw';
import conv2dBackwardInput from '../../shaders/nn/conv2d_backward_input.wgsl?raw';
import conv2dBackwardParams from '../../shaders/nn/conv2d_backward_params.wgsl?raw';
import maxpool2Forward from '../../shaders/nn/maxpool2_forward.wgsl?raw';
import maxpool2Backward from '../../shaders/nn/maxpool2_backward.wgsl?raw';
import activationForward from '../../shaders/nn/activation_forward.wgsl?raw';
import activationBackward from '../../shaders/nn/activation_backward.wgsl?raw';
import softmaxXent from '../../shaders/nn/softmax_xent.wgsl?raw';
import metricsAccumulate from '../../shaders/nn/metrics_accumulate.wgsl?raw';
import sgdUpdate from '../../shaders/nn/sgd_update.wgsl?raw';
import initGlorot from '../../shaders/nn/init_glorot.wgsl?raw';
import conv2dParams from '../../shaders/nn/conv2d_params.wgsl?raw';
import maxpool2Params from '../../shaders/nn/maxpool2_params.wgsl?raw';
import common from '../../shaders/nn/common.wgsl?raw';

/** Threads per workgroup for every layer kernel; a power of two (conv2d_backward_params reduces by halving). */
export const WORKGROUP_SIZE = 64;

const U: BindingKind = 'uniform', R: BindingKind = 'read-only-storage', W: BindingKind = 'storage';

/** WGSL source and bindings (in @binding order, as commented in each file) of each kernel. */
const SOURCES = {
  denseForward: { file: 'dense_forward', code: common + denseForward, bindings: [U, R, R, W] },
  denseBackwardInput: { file: 'dense_backward_input', code: common + denseBackwardInput, bindings: [U, R, R, W] },
  denseBackwardParams: { file: 'dense_backward_params', code: common + denseBackwardParams, bindings: [U, R, R, W] },
  conv2dForward: { file: 'conv2d_forward', code: common + conv2dParams + conv2dForward, bindings: [U, R, R, W] },
  conv2dBackwardInput: { file: 'conv2d_backward_input', code: common + conv2dParams + conv2dBackwardInput, bindings: [U, R, R, W] },
  conv2dBackwardParams: { file: 'conv2d_backward_params', code: conv2dParams + conv2dBackwardParams, bindings: [U, R, R, W] },
  maxpool2Forward: { file: 'maxpool2_forward', code: common + maxpool2Params + maxpool2Forward, bindings: [U, R, W, W] },
  maxpool2Backward: { file: 'maxpool2_backward', code: common + maxpool2Params + maxpool2Backward, bindings: [U, R, R, W] },
  activationForward: { file: 'activation_forward', code: common + activationForward, bindings: [U, R, W] },
  activationBackward: { file: 'activation_backward', code: common + activationBackward, bindings: [U, R, R, W] },
  softmaxXent: { file: 'softmax_xent', code: common + softmaxXent, bindings: [U, R, R, W, W, W] },
  metricsAccumulate: { file: 'metrics_accumulate', code: metricsAccumulate, bindings: [U, R, R, W] },
  sgdUpdate: { file: 'sgd_update', code: common + sgdUpdate, bindings: [U, U, W, R] },
  initGlorot: { file: 'init_glorot', code: RNG_WGSL + common + initGlorot, bindings: [U, U, W] },
} as const;

export type NnKernelName = keyof typeof SOURCES;
export type NnKernels = Record<NnKernelName, Kernel>;

/** Compiles (or fetches from the cache) every layer kernel for `device`. */
export async function loadNnKernels(device: GPUDevice): Promise<NnKernels> {
  const names = Object.keys(SOURCES) as NnKernelName[];
  const kernels = await Promise.all(names.map((name) => {
    const { file, code, bindings } = SOURCES[name];
    const constants = name === 'metricsAccumulate' ? undefined : { workgroupSize: WORKGROUP_SIZE };
    return createKernel(device, { label: `nn.${file}`, code, bindings, constants });
  }));
  return Object.fromEntries(names.map((name, i) => [name, kernels[i]])) as NnKernels;
}

/** Records `kernel` with one thread per element for `threads` elements. */
export function dispatchThreads(device: GPUDevice, pass: GPUComputePassEncoder, kernel: Kernel, bindGroup: GPUBindGroup, threads: number): void {
  kernel.dispatch(pass, bindGroup, ...grid2d(device, Math.ceil(threads / WORKGROUP_SIZE)));
}

/** Threads of dense_forward: one per output column and block of 4 batch rows. */
export const denseForwardThreads = (batch: number, outSize: number) => Math.ceil(batch / 4) * outSize;

/** Threads of dense_backward_params: one per column and block of 4 input features, plus one block for the bias. */
export const denseBackwardParamsThreads = (inSize: number, outSize: number) => (Math.ceil(inSize / 4) + 1) * outSize;

/** Records `kernel` with one workgroup per item (conv2d_backward_params: one per parameter). */
export function dispatchGroups(device: GPUDevice, pass: GPUComputePassEncoder, kernel: Kernel, bindGroup: GPUBindGroup, groups: number): void {
  kernel.dispatch(pass, bindGroup, ...grid2d(device, groups));
}
