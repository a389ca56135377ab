/**
 * Plain-TS CPU reference of every layer kernel in shaders/nn/, in float64: the test oracle, and
 * the engine for small models where WebGPU is missing. Written for reading, not speed:
 * each function is the loop nest of its WGSL twin, with the same names and layouts
 * (src/nn/model.ts header; geometry in src/nn/dims.ts). LAYER_TWINS, at the end, is the
 * twin of each GPU layer descriptor in src/nn/layers/, keyed by the same kind.
 */
import type { Activation, LayerKind } from '../nn/model';
import type { ActivationDims, ConvDims, DenseDims, LayerDims, PoolDims } from '../nn/dims';

// ---- dense -------------------------------------------------------------------------

/** y[b, o] = Σ_i x[b, i]·W[i, o] + bias[o]. */
export function denseForward(x: ArrayLike<number>, theta: ArrayLike<number>, d: DenseDims): Float64Array {
  const { batch, inSize, outSize, offset } = d;
  const y = new Float64Array(batch * outSize);
  for (let b = 0; b < batch; b++) {
    for (let o = 0; o < outSize; o++) {
      let acc = 0;
      for (let i = 0; i < inSize; i++) acc += x[b * inSize + i] * theta[offset + i * outSize + o];
      y[b * outSize + o] = acc + theta[offset + inSize * outSize + o];
    }
  }
  return y;
}

/** inputGrad[b, i] = Σ_o outputGrad[b, o]·W[i, o]. */
export function denseBackwardInput(outputGrad: ArrayLike<number>, theta: ArrayLike<number>, d: DenseDims): Float64Array {
  const { batch, inSize, outSize, offset } = d;
  const inputGrad = new Float64Array(batch * inSize);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < inSize; i++) {
      let acc = 0;
      for (let o = 0; o < outSize; o++) acc += outputGrad[b * outSize + o] * theta[offset + i * outSize + o];
      inputGrad[b * inSize + i] = acc;
    }
  }
  return inputGrad;
}

/** weightGrad = xᵀ·outputGrad and biasGrad = Σ_b outputGrad, written into g at the layer's offset. */
export function denseBackwardParams(x: ArrayLike<number>, outputGrad: ArrayLike<number>, d: DenseDims, g: Float64Array): void {
  const { batch, inSize, outSize, offset } = d;
  for (let i = 0; i < inSize; i++) {
    for (let o = 0; o < outSize; o++) {
      let acc = 0;
      for (let b = 0; b < batch; b++) acc += x[b * inSize + i] * outputGrad[b * outSize + o];
      g[offset + i * outSize + o] = acc;
    }
  }
  for (let o = 0; o < outSize; o++) {
    let acc = 0;
    for (let b = 0; b < batch; b++) acc += outputGrad[b * outSize + o];
    g[offset + inSize * outSize + o] = acc;
  }
}

// ---- conv2d (k×k, stride 1, zero padding d.pad; NHWC activations, HWIO weights) -----

const xIndex = (d: ConvDims, b: number, y: number, x: number, c: number) => ((b * d.height + y) * d.width + x) * d.inChannels + c;
const yIndex = (d: ConvDims, b: number, y: number, x: number, c: number) => ((b * d.outHeight + y) * d.outWidth + x) * d.outChannels + c;
const wIndex = (d: ConvDims, ky: number, kx: number, ci: number, co: number) => d.offset + ((ky * d.kernel + kx) * d.inChannels + ci) * d.outChannels + co;
const inside = (d: ConvDims, y: number, x: number) => y >= 0 && y < d.height && x >= 0 && x < d.width;

/** y[b, oy, ox, co] = bias[co] + Σ_{ky, kx, ci} x[b, oy + ky − pad, ox + kx − pad, ci]·W[ky, kx, ci, co]. */
export function conv2dForward(x: ArrayLike<number>, theta: ArrayLike<number>, d: ConvDims): Float64Array {
  const y = new Float64Array(d.batch * d.outHeight * d.outWidth * d.outChannels);
  const biasAt = d.offset + d.kernel * d.kernel * d.inChannels * d.outChannels;
  for (let b = 0; b < d.batch; b++) for (let oy = 0; oy < d.outHeight; oy++) for (let ox = 0; ox < d.outWidth; ox++) {
    for (let co = 0; co < d.outChannels; co++) {
      let acc = 0;
      for (let ky = 0; ky < d.kernel; ky++) for (let kx = 0; kx < d.kernel; kx++) {
        const iy = oy + ky - d.pad, ix = ox + kx - d.pad;
        if (!inside(d, iy, ix)) continue;
        for (let ci = 0; ci < d.inChannels; ci++) acc += x[xIndex(d, b, iy, ix, ci)] * theta[wIndex(d, ky, kx, ci, co)];
      }
      y[yIndex(d, b, oy, ox, co)] = acc + theta[biasAt + co];
    }
  }
  return y;
}

/** inputGrad[b, iy, ix, ci] = Σ over the outputs whose window covers (iy, ix) of outputGrad·W. */
export function conv2dBackwardInput(outputGrad: ArrayLike<number>, theta: ArrayLike<number>, d: ConvDims): Float64Array {
  const inputGrad = new Float64Array(d.batch * d.height * d.width * d.inChannels);
  for (let b = 0; b < d.batch; b++) for (let oy = 0; oy < d.outHeight; oy++) for (let ox = 0; ox < d.outWidth; ox++) {
    for (let ky = 0; ky < d.kernel; ky++) for (let kx = 0; kx < d.kernel; kx++) {
      const iy = oy + ky - d.pad, ix = ox + kx - d.pad;
      if (!inside(d, iy, ix)) continue;
      for (let ci = 0; ci < d.inChannels; ci++) for (let co = 0; co < d.outChannels; co++) {
        inputGrad[xIndex(d, b, iy, ix, ci)] += outputGrad[yIndex(d, b, oy, ox, co)] * theta[wIndex(d, ky, kx, ci, co)];
      }
    }
  }
  return inputGrad;
}

/** weightGrad[ky, kx, ci, co] = Σ_{b, oy, ox} x·outputGrad; biasGrad[co] = Σ outputGrad; into g at the offset. */
export function conv2dBackwardParams(x: ArrayLike<number>, outputGrad: ArrayLike<number>, d: ConvDims, g: Float64Array): void {
  const weights = d.kernel * d.kernel * d.inChannels * d.outChannels;
  g.fill(0, d.offset, d.offset + weights + d.outChannels);
  for (let b = 0; b < d.batch; b++) for (let oy = 0; oy < d.outHeight; oy++) for (let ox = 0; ox < d.outWidth; ox++) {
    for (let co = 0; co < d.outChannels; co++) {
      const dy = outputGrad[yIndex(d, b, oy, ox, co)];
      g[d.offset + weights + co] += dy;
      for (let ky = 0; ky < d.kernel; ky++) for (let kx = 0; kx < d.kernel; kx++) {
        const iy = oy + ky - d.pad, ix = ox + kx - d.pad;
        if (!inside(d, iy, ix)) continue;
        for (let ci = 0; ci < d.inChannels; ci++) g[wIndex(d, ky, kx, ci, co)] += x[xIndex(d, b, iy, ix, ci)] * dy;
      }
    }
  }
}

// ---- maxpool2 (2×2, stride 2, floor) -----------------------------------------------

/** Max of each 2×2 window, and the flat index into x of the first maximum in scan order. */
export function maxpool2Forward(x: ArrayLike<number>, d: PoolDims): { y: Float64Array; argmax: Uint32Array } {
  const n = d.batch * d.outHeight * d.outWidth * d.channels;
  const y = new Float64Array(n), argmax = new Uint32Array(n);
  for (let b = 0; b < d.batch; b++) for (let oy = 0; oy < d.outHeight; oy++) for (let ox = 0; ox < d.outWidth; ox++) {
    for (let c = 0; c < d.channels; c++) {
      let best = -1;
      for (let k = 0; k < 4; k++) {
        const i = ((b * d.height + 2 * oy + (k >> 1)) * d.width + 2 * ox + (k & 1)) * d.channels + c;
        if (best < 0 || x[i] > x[best]) best = i;
      }
      const o = ((b * d.outHeight + oy) * d.outWidth + ox) * d.channels + c;
      y[o] = x[best];
      argmax[o] = best;
    }
  }
  return { y, argmax };
}

/** Routes each output's gradient to its recorded argmax; every other input gets 0. */
export function maxpool2Backward(outputGrad: ArrayLike<number>, argmax: Uint32Array, d: PoolDims): Float64Array {
  const inputGrad = new Float64Array(d.batch * d.height * d.width * d.channels);
  for (let o = 0; o < argmax.length; o++) inputGrad[argmax[o]] = outputGrad[o]; // windows do not overlap
  return inputGrad;
}

// ---- activations -------------------------------------------------------------------

export function activationForward(op: Activation, x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x, op === 'relu' ? (v) => Math.max(v, 0) : Math.tanh);
}

/** From the forward OUTPUT y, as the kernel: ReLU′ = [y > 0] (0 at the kink), tanh′ = 1 − y². */
export function activationBackward(op: Activation, y: ArrayLike<number>, outputGrad: ArrayLike<number>): Float64Array {
  return Float64Array.from(outputGrad, (dy, n) => (op === 'relu' ? (y[n] > 0 ? dy : 0) : dy * (1 - y[n] * y[n])));
}

// ---- the twin of each layer kind ---------------------------------------------------------

/** What a backward twin may read: the forward's input, output and record, θ, and ∂L/∂y. */
export interface TwinInputs {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** maxpool2's argmax from forward; null for other kinds. */
  argmax: Uint32Array | null;
  theta: ArrayLike<number>;
  outputGrad: ArrayLike<number>;
}

/** The CPU twin of one layer kind, over its geometry D. */
export interface LayerTwin<D> {
  forward(x: ArrayLike<number>, theta: ArrayLike<number>, d: D): { y: Float64Array; argmax: Uint32Array | null };
  /** Writes the layer's slice of g (parameter gradients) and returns inputGrad. */
  backward(s: TwinInputs, d: D, g: Float64Array): Float64Array;
}

const activation: LayerTwin<ActivationDims> = {
  forward: (x, _, d) => ({ y: activationForward(d.op, x), argmax: null }),
  backward: (s, d) => activationBackward(d.op, s.y, s.outputGrad),
};

/** Keyed by kind, so a kind in LayerSpec without a CPU twin does not compile. */
export const LAYER_TWINS: { [K in LayerKind]: LayerTwin<LayerDims[K]> } = {
  dense: {
    forward: (x, theta, d) => ({ y: denseForward(x, theta, d), argmax: null }),
    backward: (s, d, g) => (denseBackwardParams(s.x, s.outputGrad, d, g), denseBackwardInput(s.outputGrad, s.theta, d)),
  },
  conv2d: {
    forward: (x, theta, d) => ({ y: conv2dForward(x, theta, d), argmax: null }),
    backward: (s, d, g) => (conv2dBackwardParams(s.x, s.outputGrad, d, g), conv2dBackwardInput(s.outputGrad, s.theta, d)),
  },
  maxpool2: {
    forward: (x, _, d) => maxpool2Forward(x, d),
    backward: (s, d) => maxpool2Backward(s.outputGrad, s.argmax!, d),
  },
  relu: activation,
  tanh: activation,
  // A view: the same numbers in and out, both ways.
  flatten: {
    forward: (x) => ({ y: Float64Array.from(x), argmax: null }),
    backward: (s) => Float64Array.from(s.outputGrad),
  },
};
