/**
 * Elementwise activations (ReLU, tanh): one descriptor for both, the op chosen by a code
 * in the uniform. Backward reads the forward OUTPUT, so x need not be kept.
 * CPU twins: LAYER_TWINS.relu and .tanh in src/reference/layers.ts.
 */
import type { Activation } from '../model';
import type { ActivationDims } from '../dims';
import { type KernelSource, NN_COMMON, R, U, W } from '../kernels';
import type { KernelLayer } from './descriptor';
import activationForward from '../../../shaders/nn/activation_forward.wgsl?raw';
import activationBackward from '../../../shaders/nn/activation_backward.wgsl?raw';

/** Op codes of activation_forward.wgsl and activation_backward.wgsl. */
export const ACTIVATION_OP: Record<Activation, number> = { relu: 0, tanh: 1 };

const kernels = {
  forward: { file: 'activation_forward', code: NN_COMMON + activationForward, bindings: [U, R, W] },
  backward: { file: 'activation_backward', code: NN_COMMON + activationBackward, bindings: [U, R, R, W] },
} satisfies Record<string, KernelSource>;

export const activation: KernelLayer<ActivationDims, keyof typeof kernels> = {
  kernels,
  pack: (d) => Uint32Array.of(d.count, ACTIVATION_OP[d.op]),
  forward: (k, d, b) => [k.threads('forward', [b.params, b.input, b.output], d.count)],
  backward: (k, d, b, outputGrad, inputGrad) =>
    inputGrad ? [k.threads('backward', [b.params, b.output, outputGrad, inputGrad], d.count)] : [],
};
