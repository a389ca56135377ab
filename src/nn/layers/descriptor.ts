/**
 * What a layer kind is on the GPU, written once per kind in this folder: its kernels, the
 * uniform they share, and how it records forward and backward (which buffers each kernel
 * binds, and how many threads it runs). The network (../network.ts) and the tests only
 * loop over layers and call these; nothing outside this folder switches on a kind.
 */
import type { Kernel } from '../../engine/kernel';
import { type KernelSource, dispatchThreads } from '../kernels';

/** One dispatch, bound when the schedule is built; recording it allocates nothing. */
export type Dispatch = (pass: GPUComputePassEncoder) => void;

/** The buffers one layer reads and writes; whoever builds the schedule owns them. */
export interface LayerBuffers {
  /** The uniform holding pack(d), shared by the layer's forward and backward kernels. */
  params: GPUBuffer;
  /** θ and g = ∂L/∂θ, D f32 each; a layer touches only its own slice. */
  theta: GPUBuffer;
  grad: GPUBuffer;
  /** The layer's input and output activations, [B, ...shape] f32. */
  input: GPUBuffer;
  output: GPUBuffer;
  /** The buffers named by records(d): what forward keeps for backward besides its output. */
  records: Record<string, GPUBuffer>;
}

/** A layer's kernels bound to its label: each call binds once and returns the dispatch. */
export interface LayerKernels<N extends string> {
  /** One thread per element over `count` elements. */
  threads(kernel: N, buffers: GPUBuffer[], count: number): Dispatch;
}

/** A kind that runs kernels. D is its geometry (src/nn/dims.ts), N the names of its kernels. */
export interface KernelLayer<D, N extends string = string> {
  view?: undefined;
  kernels: Record<N, KernelSource>;
  /** The bytes of the `struct Params` its kernels declare, in field order. */
  pack(d: D): Uint32Array;
  /** Extra storage that forward fills for backward, in 4-byte words, by name (maxpool2's argmax). */
  records?(d: D): Record<string, number>;
  forward(k: LayerKernels<N>, d: D, b: LayerBuffers): Dispatch[];
  /**
   * Writes the layer's slice of g, and the gradient at its input into `inputGrad` unless
   * that is null (no earlier layer has parameters, so nobody reads it).
   */
  backward(k: LayerKernels<N>, d: D, b: LayerBuffers, outputGrad: GPUBuffer, inputGrad: GPUBuffer | null): Dispatch[];
}

/** A kind that only reinterprets its input (flatten): its output IS its input buffer, and its inputGrad its outputGrad. */
export interface ViewLayer {
  view: true;
}

export type LayerDescriptor<D, N extends string = string> = KernelLayer<D, N> | ViewLayer;

/** `kernels`, compiled, bound under `label` (e.g. 'nn.dense3'): bind groups are named `${label}.${kernel}`. */
export function layerKernels<N extends string>(device: GPUDevice, kernels: Record<N, Kernel>, label: string): LayerKernels<N> {
  const bind = (kernel: N, buffers: GPUBuffer[]) => kernels[kernel].bind(buffers, `${label}.${kernel}`);
  return {
    threads(kernel, buffers, count) {
      const bindGroup = bind(kernel, buffers);
      return (pass) => dispatchThreads(device, pass, kernels[kernel], bindGroup, count);
    },
  };
}
