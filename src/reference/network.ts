/**
 * Whole-network forward and backward on the CPU, in float64, over a ModelPlan: the same
 * schedule as src/nn/network.ts, a loop over the layer twins of ./layers (LAYER_TWINS).
 * Returns the mean softmax cross-entropy over the batch and the flat gradient g (layout of θ).
 */
import { type LayerKind, type ModelPlan, size } from '../nn/model';
import { type LayerDims, layerDims } from '../nn/dims';
import { LAYER_TWINS, type LayerTwin, type TwinInputs } from './layers';
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
    const { y, argmax: record } = twinOf(layer.spec.kind, layerDims(layer, batch)).forward(cur, theta);
    outputs.push((cur = y));
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
    const state: TwinInputs = { x: input, y: forward.outputs[l], argmax: forward.argmax[l], theta, outputGrad };
    outputGrad = twinOf(layer.spec.kind, layerDims(layer, batch)).backward(state, g);
  }
  let total = 0;
  for (let b = 0; b < count; b++) total += xent.loss[b];
  return { ...forward, loss: total / count, losses: xent.loss, correct: xent.correct, g };
}

/** The twin of `kind` with geometry `d` bound in, so the loops above need no per-kind code. */
function twinOf<K extends LayerKind>(kind: K, d: LayerDims[K]) {
  const twin: LayerTwin<LayerDims[K]> = LAYER_TWINS[kind];
  return {
    forward: (x: ArrayLike<number>, theta: ArrayLike<number>) => twin.forward(x, theta, d),
    backward: (s: TwinInputs, g: Float64Array) => twin.backward(s, d, g),
  };
}
