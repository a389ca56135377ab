/**
 * 2×2 stride-2 max pooling (floor). Forward records each output's argmax, so backward is
 * a gather. CPU twin: LAYER_TWINS.maxpool2 in src/reference/layers.ts.
 */
import type { PoolDims } from '../dims';
import { type KernelSource, NN_COMMON, R, U, W } from '../kernels';
import type { KernelLayer } from './descriptor';
import maxpool2Params from '../../../shaders/nn/maxpool2_params.wgsl?raw';
import maxpool2Forward from '../../../shaders/nn/maxpool2_forward.wgsl?raw';
import maxpool2Backward from '../../../shaders/nn/maxpool2_backward.wgsl?raw';

const kernels = {
  forward: { file: 'maxpool2_forward', code: NN_COMMON + maxpool2Params + maxpool2Forward, bindings: [U, R, W, W] },
  backward: { file: 'maxpool2_backward', code: NN_COMMON + maxpool2Params + maxpool2Backward, bindings: [U, R, R, W] },
} satisfies Record<string, KernelSource>;

const outCount = (d: PoolDims) => d.batch * d.outHeight * d.outWidth * d.channels;

export const maxpool2: KernelLayer<PoolDims, keyof typeof kernels> = {
  kernels,
  pack: (d) => Uint32Array.of(d.batch, d.height, d.width, d.channels, d.outHeight, d.outWidth),
  records: (d) => ({ argmax: outCount(d) }),
  forward: (k, d, b) => [k.threads('forward', [b.params, b.input, b.output, b.records.argmax], outCount(d))],
  // One thread per INPUT element: inputs no window took (and a dropped odd edge) get 0.
  backward: (k, d, b, outputGrad, inputGrad) =>
    inputGrad ? [k.threads('backward', [b.params, outputGrad, b.records.argmax, inputGrad], d.batch * d.height * d.width * d.channels)] : [],
};
