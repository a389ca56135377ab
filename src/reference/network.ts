/**
 * Whole-network forward and backward on the CPU, in float64, over a ModelPlan: the same
 * schedule as src/nn/network.ts, built from the layer functions of ./layers. Returns the
 * mean softmax cross-entropy over the batch and the flat gradient g (layout of θ).
 */
import { type ModelPlan, size } from '../nn/model';
import { convDims, denseDims, poolDims } from '../nn/dims';
import {
  activationBackward, activationForward, conv2dBackwardInput, conv2dBackwardParams, conv2dForward,
  denseBackwardInput, denseBackwardParams, denseForward, maxpool2Backward, maxpool2Forward,
} from './layers';
import { softmaxXent } from './step';

export interface NetworkForward {
  /** outputs[l]: layer l's output [B, ...outShape]; a flatten layer passes its input through. */
  outputs: Float64Array[];
  /** argmax[l]: the maxpool record of layer l, null for other layers. */
  argmax: (Uint32Array | null)[];
  /** The last layer's output [B, classes]. */
  logits: Float64Array;
}

/** Forward pass of `batch` rows of x (NHWC, [B, ...plan.inputShape]). */
export function networkForward(plan: ModelPlan, theta: ArrayLike<number>, x: ArrayLike<number>, batch: number): NetworkForward {
  if (x.length < batch * size(plan.inputShape)) throw new Error(`input has ${x.length} values, need ${batch}×${size(plan.inputShape)}`);
  const outputs: Float64Array[] = [];
  const argmax: (Uint32Array | null)[] = [];
  let cur: Float64Array = Float64Array.from(x);
  for (const layer of plan.layers) {
    let record: Uint32Array | null = null;
    switch (layer.spec.kind) {
      case 'dense': cur = denseForward(cur, theta, denseDims(layer, batch)); break;
      case 'conv2d': cur = conv2dForward(cur, theta, convDims(layer, batch)); break;
      case 'maxpool2': ({ y: cur, argmax: record } = maxpool2Forward(cur, poolDims(layer, batch))); break;
      case 'relu': case 'tanh': cur = activationForward(layer.spec.kind, cur); break;
      case 'flatten': break;
    }
    outputs.push(cur);
    argmax.push(record);
  }
  return { outputs, argmax, logits: cur };
}

export interface NetworkGradient extends NetworkForward {
  /** Mean loss over the `count` real rows. */
  loss: number;
  /** Per-row loss and correctness (0 on padding rows). */
  losses: Float64Array;
  correct: Uint32Array;
  /** ∂loss/∂θ, D entries in θ's layout. */
  g: Float64Array;
}

/** Forward, softmax cross-entropy (mean over the first `count` rows) and backward to g. */
export function networkGradient(
  plan: ModelPlan, theta: ArrayLike<number>, x: ArrayLike<number>, labels: ArrayLike<number>, batch: number, count = batch,
): NetworkGradient {
  const forward = networkForward(plan, theta, x, batch);
  const xent = softmaxXent(forward.logits, labels, batch, plan.classes, count);
  const g = new Float64Array(plan.D);
  let outputGrad = xent.logitsGrad;
  for (let l = plan.layers.length - 1; l >= 0; l--) {
    const layer = plan.layers[l];
    const input = l > 0 ? forward.outputs[l - 1] : x;
    switch (layer.spec.kind) {
      case 'dense': {
        const d = denseDims(layer, batch);
        denseBackwardParams(input, outputGrad, d, g);
        outputGrad = denseBackwardInput(outputGrad, theta, d);
        break;
      }
      case 'conv2d': {
        const d = convDims(layer, batch);
        conv2dBackwardParams(input, outputGrad, d, g);
        outputGrad = conv2dBackwardInput(outputGrad, theta, d);
        break;
      }
      case 'maxpool2': outputGrad = maxpool2Backward(outputGrad, forward.argmax[l]!, poolDims(layer, batch)); break;
      case 'relu': case 'tanh': outputGrad = activationBackward(layer.spec.kind, forward.outputs[l], outputGrad); break;
      case 'flatten': break;
    }
  }
  let total = 0;
  for (let b = 0; b < count; b++) total += xent.loss[b];
  return { ...forward, loss: total / count, losses: xent.loss, correct: xent.correct, g };
}
