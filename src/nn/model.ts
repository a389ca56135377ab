/**
 * Architectures, shapes and the flat parameter layout of docs/design.md §2: layer l owns
 * θ[o_l, o_l + n_l), its weights first, then its bias. Pure TS, no GPU.
 *
 * Conventions (shared by WGSL kernels, the CPU reference and tests):
 * - Activations are batch-major and channels-last: x[b, h, w, c].
 * - Dense weights are [in, out] row-major: W[i·out + o]. Bias [out].
 * - Conv weights are [k, k, Cin, Cout] (HWIO): W[((ky·k + kx)·Cin + ci)·Cout + co]. Bias [Cout].
 * - Glorot fan_in/fan_out: dense (in, out); conv (k·k·Cin, k·k·Cout), as Keras.
 */
import { InputError } from '../engine/errors';

export type Activation = 'relu' | 'tanh';

export type LayerSpec =
  | { kind: 'dense'; units: number }
  | { kind: 'conv2d'; filters: number; kernel: number; padding: 'valid' | 'same' }
  | { kind: 'maxpool2' }
  | { kind: 'relu' }
  | { kind: 'tanh' }
  | { kind: 'flatten' };

/** What a layer is: the key of every per-kind table (GPU descriptors, CPU twins, geometry). */
export type LayerKind = LayerSpec['kind'];

/** [height, width, channels]; a flat vector of F features is [1, 1, F]. */
export type Shape = readonly [number, number, number];

export interface Architecture {
  /** Shown in the UI and CLI, e.g. 'fc' or 'mlp 64-64 tanh'. */
  name: string;
  layers: LayerSpec[];
}

/** One parameter tensor: the unit of the `tensor` compartment scheme. */
export interface ParamTensor {
  layer: number;
  role: 'weight' | 'bias';
  offset: number;
  size: number;
}

export interface LayerPlan {
  spec: LayerSpec;
  index: number;
  inShape: Shape;
  outShape: Shape;
  /** o_l: first parameter of this layer (weights), or -1 for parameterless layers. */
  offset: number;
  weightSize: number;
  biasSize: number;
  fanIn: number;
  fanOut: number;
}

export interface ModelPlan {
  arch: Architecture;
  inputShape: Shape;
  classes: number;
  layers: LayerPlan[];
  /** Parameter tensors in layout order. */
  tensors: ParamTensor[];
  /** D: the number of trainable parameters. */
  D: number;
}

export const size = (s: Shape) => s[0] * s[1] * s[2];

/** Lays out `arch` on inputs of `inputShape`; the last layer's output must be `classes` logits. */
export function planModel(arch: Architecture, inputShape: Shape, classes: number): ModelPlan {
  const layers: LayerPlan[] = [];
  const tensors: ParamTensor[] = [];
  let shape = inputShape;
  let D = 0;
  arch.layers.forEach((spec, index) => {
    const where = `layer ${index + 1} (${spec.kind})`;
    let out: Shape = shape, weightSize = 0, biasSize = 0, fanIn = 0, fanOut = 0;
    switch (spec.kind) {
      case 'dense': {
        if (!(Number.isInteger(spec.units) && spec.units >= 1)) throw new InputError(where, `units must be a whole number ≥ 1, got ${spec.units}`);
        if (shape[0] !== 1 || shape[1] !== 1) throw new InputError(where, `needs a flat input, got ${shape.join('×')}: add a flatten layer first`);
        fanIn = shape[2]; fanOut = spec.units;
        weightSize = fanIn * fanOut; biasSize = spec.units; out = [1, 1, spec.units];
        break;
      }
      case 'conv2d': {
        const { kernel: k, filters, padding } = spec;
        if (!(Number.isInteger(k) && k >= 1)) throw new InputError(where, `kernel must be a whole number ≥ 1, got ${k}`);
        if (!(Number.isInteger(filters) && filters >= 1)) throw new InputError(where, `filters must be a whole number ≥ 1, got ${filters}`);
        if (padding !== 'valid' && padding !== 'same') throw new InputError(where, `padding must be 'valid' or 'same', got '${padding}'`);
        if (padding === 'same' && k % 2 === 0) throw new InputError(where, `'same' padding needs an odd kernel, got ${k}`);
        const [h, w, c] = shape;
        const oh = padding === 'valid' ? h - k + 1 : h, ow = padding === 'valid' ? w - k + 1 : w;
        if (oh < 1 || ow < 1) throw new InputError(where, `a ${k}×${k} kernel does not fit a ${h}×${w} input`);
        fanIn = k * k * c; fanOut = k * k * filters;
        weightSize = k * k * c * filters; biasSize = filters; out = [oh, ow, filters];
        break;
      }
      case 'maxpool2': {
        if (shape[0] < 2 || shape[1] < 2) throw new InputError(where, `needs at least a 2×2 input, got ${shape[0]}×${shape[1]}`);
        out = [Math.floor(shape[0] / 2), Math.floor(shape[1] / 2), shape[2]];
        break;
      }
      case 'flatten': out = [1, 1, size(shape)]; break;
      case 'relu': case 'tanh': break;
      default: throw new InputError(where, `unknown layer kind '${(spec as { kind: string }).kind}'`);
    }
    const offset = weightSize ? D : -1;
    if (weightSize) {
      tensors.push({ layer: index, role: 'weight', offset: D, size: weightSize });
      tensors.push({ layer: index, role: 'bias', offset: D + weightSize, size: biasSize });
      D += weightSize + biasSize;
    }
    layers.push({ spec, index, inShape: shape, outShape: out, offset, weightSize, biasSize, fanIn, fanOut });
    shape = out;
  });
  if (!layers.length) throw new InputError('architecture', 'has no layers');
  if (size(shape) !== classes || shape[0] !== 1 || shape[1] !== 1) {
    throw new InputError('architecture', `ends in ${shape.join('×')} outputs, but the dataset has ${classes} classes: the last layer must be dense(${classes})`);
  }
  return { arch, inputShape, classes, layers, tensors, D };
}

/** An MLP: [flatten], dense(w) + activation for each hidden width, then dense(classes). */
export function mlp(hidden: number[], activation: Activation, classes: number, name?: string): Architecture {
  const layers: LayerSpec[] = [{ kind: 'flatten' }];
  for (const units of hidden) layers.push({ kind: 'dense', units }, { kind: activation });
  layers.push({ kind: 'dense', units: classes });
  return { name: name ?? `mlp ${hidden.join('-') || 'linear'} ${activation}`, layers };
}

export interface ConvBlock { filters: number; kernel: number; pool: boolean; padding?: 'valid' | 'same' }

/** A CNN: conv blocks (conv + activation [+ maxpool]), flatten, dense hidden layers, dense(classes). */
export function cnn(blocks: ConvBlock[], dense: number[], activation: Activation, classes: number, name?: string): Architecture {
  const layers: LayerSpec[] = [];
  for (const b of blocks) {
    layers.push({ kind: 'conv2d', filters: b.filters, kernel: b.kernel, padding: b.padding ?? 'valid' }, { kind: activation });
    if (b.pool) layers.push({ kind: 'maxpool2' });
  }
  layers.push({ kind: 'flatten' });
  for (const units of dense) layers.push({ kind: 'dense', units }, { kind: activation });
  layers.push({ kind: 'dense', units: classes });
  return { name: name ?? 'cnn', layers };
}

/** The paper's FC network (docs/design.md §6). */
export const paperFC = (classes = 10) => mlp([128], 'relu', classes, 'fc');

/** The paper's CNN (docs/design.md §6). */
export const paperCNN = (classes = 10) =>
  cnn([{ filters: 32, kernel: 3, pool: true }, { filters: 64, kernel: 3, pool: true }, { filters: 64, kernel: 3, pool: false }], [64], 'relu', classes, 'cnn');
