/**
 * Per-layer geometry, shared by the GPU descriptors (src/nn/layers/, which pack it into
 * their kernels' uniforms), the CPU reference and the tests. One `*Dims` per layer kind,
 * made from a LayerPlan by LAYER_DIMS. Pure TS, no GPU.
 */
import { type Activation, type LayerKind, type LayerPlan, size } from './model';

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

/** An elementwise activation. */
export interface ActivationDims {
  /** Elements: B × features. */
  count: number;
  op: Activation;
}

/** Flatten: [B, H, W, C] read as [B, H·W·C]; nothing moves. */
export interface FlattenDims {
  /** Elements: B × H·W·C. */
  count: number;
}

/** The geometry of each layer kind. */
export interface LayerDims {
  dense: DenseDims;
  conv2d: ConvDims;
  maxpool2: PoolDims;
  relu: ActivationDims;
  tanh: ActivationDims;
  flatten: FlattenDims;
}

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

const activationDims = (op: Activation) => (layer: LayerPlan, batch: number): ActivationDims => ({ count: batch * size(layer.outShape), op });

/** Keyed by kind, so a kind in LayerSpec without geometry (or without a LayerDims entry) does not compile. */
export const LAYER_DIMS: { [K in LayerKind]: (layer: LayerPlan, batch: number) => LayerDims[K] } = {
  dense: denseDims,
  conv2d: convDims,
  maxpool2: poolDims,
  relu: activationDims('relu'),
  tanh: activationDims('tanh'),
  flatten: (layer, batch) => ({ count: batch * size(layer.inShape) }),
};

/** The geometry of `layer` at batch size `batch`. */
export const layerDims = (layer: LayerPlan, batch: number): LayerDims[LayerKind] => LAYER_DIMS[layer.spec.kind](layer, batch);

/**
 * Glorot-uniform bound a = √(6/(fan_in+fan_out)), rounded to f32 once here so the GPU
 * (which gets it as an f32 uniform) and the CPU reference multiply by the same number.
 */
export const glorotScale = (fanIn: number, fanOut: number) => Math.fround(Math.sqrt(6 / (fanIn + fanOut)));

const SHORT: Record<LayerKind, string> = { dense: 'dense', conv2d: 'conv', maxpool2: 'pool', relu: 'relu', tanh: 'tanh', flatten: 'flatten' };

/** A short name for labels and messages, kind then layer index: 'dense3', 'conv0', 'pool2'. */
export const layerName = (layer: LayerPlan) => `${SHORT[layer.spec.kind]}${layer.index}`;
