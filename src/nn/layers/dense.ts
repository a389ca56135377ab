/**
 * Dense layer, y = x·W + b with W [in, out] row-major at θ[offset] and the bias after it
 * (src/nn/model.ts). CPU twin: LAYER_TWINS.dense in src/reference/layers.ts.
 */
import type { DenseDims } from '../dims';
import { type KernelSource, NN_COMMON, R, U, W } from '../kernels';
import type { KernelLayer } from './descriptor';
import denseForward from '../../../shaders/nn/dense_forward.wgsl?raw';
import denseBackwardInput from '../../../shaders/nn/dense_backward_input.wgsl?raw';
import denseBackwardParams from '../../../shaders/nn/dense_backward_params.wgsl?raw';

const kernels = {
  forward: { file: 'dense_forward', code: NN_COMMON + denseForward, bindings: [U, R, R, W] },
  backwardInput: { file: 'dense_backward_input', code: NN_COMMON + denseBackwardInput, bindings: [U, R, R, W] },
  backwardParams: { file: 'dense_backward_params', code: NN_COMMON + denseBackwardParams, bindings: [U, R, R, W] },
} satisfies Record<string, KernelSource>;

export const dense: KernelLayer<DenseDims, keyof typeof kernels> = {
  kernels,
  pack: (d) => Uint32Array.of(d.batch, d.inSize, d.outSize, d.offset),
  forward: (k, d, b) => [
    // One thread per output column and block of 4 batch rows.
    k.threads('forward', [b.params, b.theta, b.input, b.output], Math.ceil(d.batch / 4) * d.outSize),
  ],
  backward: (k, d, b, outputGrad, inputGrad) => [
    // One thread per column and block of 4 input features, plus one block for the bias.
    k.threads('backwardParams', [b.params, b.input, outputGrad, b.grad], (Math.ceil(d.inSize / 4) + 1) * d.outSize),
    ...(inputGrad ? [k.threads('backwardInput', [b.params, b.theta, outputGrad, inputGrad], d.batch * d.inSize)] : []),
  ],
};
