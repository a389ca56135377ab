/**
 * Per-layer geometry, shared by the WGSL kernels (as uniforms), the CPU reference and the
 * tests. Each `*Dims` interface lists the fields of the matching WGSL `Params` struct in
 * the same order, and `pack*` writes them as that struct's bytes. Pure TS, no GPU.
 */
import { type Activation, type LayerPlan, size } from './model';

/** Dense layer: y[B, out] = x[B, in]·W + b, W at θ[offset]. */
export interface DenseDims {
  batch: number;
  inSize: number;
  outSize: number;
  /** o_l: index of W[0, 0] in θ (and in g). */
  offset: number;
}

/** k×k stride-1 convolution on NHWC images; W is [k, k, Cin, Cout] at θ[offset]. */
export interface ConvDims {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  kernel: number;
  /** Zero rows/columns before the image: 0 for 'valid', (k − 1)/2 for 'same'. */
  pad: number;
  offset: number;
}

/** 2×2 stride-2 max pooling, floor: outHeight = ⌊height/2⌋. */
export interface PoolDims {
  batch: number;
  height: number;
  width: number;
  channels: number;
  outHeight: number;
  outWidth: number;
}

/** Op codes of activation_forward.wgsl and activation_backward.wgsl. */
export const ACTIVATION_OP: Record<Activation, number> = { relu: 0, tanh: 1 };

export function denseDims(layer: LayerPlan, batch: number): DenseDims {
  return { batch, inSize: layer.inShape[2], outSize: layer.outShape[2], offset: layer.offset };
}

export function convDims(layer: LayerPlan, batch: number): ConvDims {
  if (layer.spec.kind !== 'conv2d') throw new Error(`layer ${layer.index} is ${layer.spec.kind}, not conv2d`);
  const [height, width, inChannels] = layer.inShape;
  const [outHeight, outWidth, outChannels] = layer.outShape;
  const kernel = layer.spec.kernel;
  const pad = layer.spec.padding === 'same' ? (kernel - 1) / 2 : 0;
  return { batch, height, width, inChannels, outHeight, outWidth, outChannels, kernel, pad, offset: layer.offset };
}

export function poolDims(layer: LayerPlan, batch: number): PoolDims {
  const [height, width, channels] = layer.inShape;
  return { batch, height, width, channels, outHeight: layer.outShape[0], outWidth: layer.outShape[1] };
}

export const packDense = (d: DenseDims) => Uint32Array.of(d.batch, d.inSize, d.outSize, d.offset);

export const packConv = (d: ConvDims) =>
  Uint32Array.of(d.batch, d.height, d.width, d.inChannels, d.outHeight, d.outWidth, d.outChannels, d.kernel, d.pad, d.offset);

export const packPool = (d: PoolDims) => Uint32Array.of(d.batch, d.height, d.width, d.channels, d.outHeight, d.outWidth);

/**
 * Glorot-uniform bound a = √(6/(fan_in+fan_out)), rounded to f32 once here so the GPU
 * (which gets it as an f32 uniform) and the CPU reference multiply by the same number.
 */
export const glorotScale = (fanIn: number, fanOut: number) => Math.fround(Math.sqrt(6 / (fanIn + fanOut)));

const SHORT: Record<LayerPlan['spec']['kind'], string> = { dense: 'dense', conv2d: 'conv', maxpool2: 'pool', relu: 'relu', tanh: 'tanh', flatten: 'flatten' };

/** A short name for labels and messages, kind then layer index: 'dense3', 'conv0', 'pool2'. */
export const layerName = (layer: LayerPlan) => `${SHORT[layer.spec.kind]}${layer.index}`;

/** The uniform of layer `layer` at batch size `batch` (shared by its forward and backward kernels); null for flatten. */
export function packLayer(layer: LayerPlan, batch: number): Uint32Array | null {
  switch (layer.spec.kind) {
    case 'dense': return packDense(denseDims(layer, batch));
    case 'conv2d': return packConv(convDims(layer, batch));
    case 'maxpool2': return packPool(poolDims(layer, batch));
    case 'relu': case 'tanh': return Uint32Array.of(batch * size(layer.outShape), ACTIVATION_OP[layer.spec.kind]);
    case 'flatten': return null;
  }
}
