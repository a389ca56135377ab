/**
 * The registry of layer kinds, kind → GPU descriptor, typed so that a kind in LayerSpec
 * without a descriptor does not compile. scheduleLayer binds one layer's geometry to its
 * descriptor, so the network and the tests record any layer with no per-kind code.
 */
import type { LayerKind } from '../model';
import type { LayerDims } from '../dims';
import { compileKernels } from '../kernels';
import { type Dispatch, type LayerBuffers, type LayerDescriptor, type ViewLayer, layerKernels } from './descriptor';
import { dense } from './dense';
import { conv2d } from './conv2d';
import { maxpool2 } from './maxpool2';
import { activation } from './activation';
import { flatten } from './flatten';

export const LAYERS: { [K in LayerKind]: LayerDescriptor<LayerDims[K]> } = {
  dense, conv2d, maxpool2, relu: activation, tanh: activation, flatten,
};

/** Every layer kind, in the registry's order. */
export const LAYER_KINDS = Object.keys(LAYERS) as LayerKind[];

/** A kernel layer's descriptor with its geometry and compiled kernels bound in. */
export interface KernelSchedule {
  view?: undefined;
  /** The layer's uniform. */
  params: Uint32Array;
  /** Words of each extra buffer forward fills for backward, by name. */
  records: Record<string, number>;
  forward(b: LayerBuffers): Dispatch[];
  backward(b: LayerBuffers, outputGrad: GPUBuffer, inputGrad: GPUBuffer | null): Dispatch[];
}

export type LayerSchedule = KernelSchedule | ViewLayer;

/** Compiles the kernels of `kind` (cached per device) and binds geometry `d`; bind groups are labelled `${label}.${kernel}`. */
export async function scheduleLayer<K extends LayerKind>(device: GPUDevice, kind: K, d: LayerDims[K], label: string): Promise<LayerSchedule> {
  const desc: LayerDescriptor<LayerDims[K]> = LAYERS[kind];
  if (desc.view) return desc;
  const k = layerKernels(device, await compileKernels(device, desc.kernels), label);
  return {
    params: desc.pack(d),
    records: desc.records?.(d) ?? {},
    forward: (b) => desc.forward(k, d, b),
    backward: (b, outputGrad, inputGrad) => desc.backward(k, d, b, outputGrad, inputGrad),
  };
}
