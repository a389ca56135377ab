/**
 * k×k stride-1 convolution on NHWC images, W [k, k, Cin, Cout] (HWIO) at θ[offset] and
 * the bias [Cout] after it (src/nn/model.ts). CPU twin: LAYER_TWINS.conv2d in src/reference/layers.ts.
 */
import type { ConvDims } from '../dims';
import { type KernelSource, NN_COMMON, R, U, W } from '../kernels';
import type { KernelLayer } from './descriptor';
import conv2dParams from '../../../shaders/nn/conv2d_params.wgsl?raw';
import conv2dForward from '../../../shaders/nn/conv2d_forward.wgsl?raw';
import conv2dBackwardInput from '../../../shaders/nn/conv2d_backward_input.wgsl?raw';
import conv2dBackwardParams from '../../../shaders/nn/conv2d_backward_params.wgsl?raw';

/** Blocks of `size` pixels or channels: each kernel's thread takes one block of each (see its WGSL). */
const blocks = (n: number, size: number) => Math.ceil(n / size);

const kernels = {
  forward: { file: 'conv2d_forward', code: NN_COMMON + conv2dParams + conv2dForward, bindings: [U, R, R, W] },
  backwardInput: { file: 'conv2d_backward_input', code: NN_COMMON + conv2dParams + conv2dBackwardInput, bindings: [U, R, R, W] },
  backwardParams: { file: 'conv2d_backward_params', code: NN_COMMON + conv2dParams + conv2dBackwardParams, bindings: [U, R, R, W] },
} satisfies Record<string, KernelSource>;

export const conv2d: KernelLayer<ConvDims, keyof typeof kernels> = {
  kernels,
  pack: (d) => Uint32Array.of(d.batch, d.height, d.width, d.inChannels, d.outHeight, d.outWidth, d.outChannels, d.kernel, d.pad, d.offset),
  forward: (k, d, b) => [
    k.threads('forward', [b.params, b.theta, b.input, b.output], blocks(d.batch * d.outHeight * d.outWidth, 8) * blocks(d.outChannels, 8)),
  ],
  backward: (k, d, b, outputGrad, inputGrad) => [
    // A thread per 4 input channels at one tap × 8 output channels, plus a row for the bias.
    k.threads('backwardParams', [b.params, b.input, outputGrad, b.grad], (blocks(d.kernel * d.kernel * d.inChannels, 4) + 1) * blocks(d.outChannels, 8)),
    ...(inputGrad ? [k.threads('backwardInput', [b.params, b.theta, outputGrad, inputGrad], blocks(d.batch * d.height * d.width, 8) * blocks(d.inChannels, 8))] : []),
  ],
};
