/**
 * Plain-TS CPU twins of the kernels of a step that are not layers: softmax_xent,
 * metrics_accumulate, sgd_update and init_glorot (shaders/nn/). Same conventions as
 * ./layers.ts, whose layer twins these complete.
 */
import type { ModelPlan } from '../nn/model';
import { glorotScale } from '../nn/dims';
import { philox4x32, Purpose } from '../rng/philox';
import { uneg11 } from '../rng/distributions';

// ---- loss, metrics, update -----------------------------------------------------------

export interface SoftmaxXent {
  /** Per-row loss; 0 for padding rows (≥ count). */
  loss: Float64Array;
  /** Per-row 1 if the first maximum of the logits is the label; 0 for padding rows. */
  correct: Uint32Array;
  /** ∂(mean loss over the count real rows)/∂logits; 0 for padding rows. */
  logitsGrad: Float64Array;
}

/** Softmax cross-entropy of logits [rows, classes]; the rows past `count` are padding. */
export function softmaxXent(logits: ArrayLike<number>, labels: ArrayLike<number>, rows: number, classes: number, count = rows): SoftmaxXent {
  const loss = new Float64Array(rows), correct = new Uint32Array(rows), logitsGrad = new Float64Array(rows * classes);
  for (let b = 0; b < count; b++) {
    const z = Array.from({ length: classes }, (_, c) => logits[b * classes + c]);
    let best = 0;
    for (let c = 1; c < classes; c++) if (z[c] > z[best]) best = c;
    const m = z[best];
    const sum = z.reduce((s, v) => s + Math.exp(v - m), 0);
    const label = labels[b];
    loss[b] = Math.log(sum) - (z[label] - m);
    correct[b] = best === label ? 1 : 0;
    for (let c = 0; c < classes; c++) logitsGrad[b * classes + c] = (Math.exp(z[c] - m) / sum - (c === label ? 1 : 0)) / count;
  }
  return { loss, correct, logitsGrad };
}

/** The accumulator of metrics_accumulate.wgsl. */
export interface MetricsSums {
  lossSum: number;
  correct: number;
  samples: number;
  batches: number;
}

/** Adds one batch as the kernel does, in f32 (Math.fround per add) and the same order: bit-exact. */
export function metricsAccumulate(acc: MetricsSums, loss: ArrayLike<number>, correct: ArrayLike<number>, count: number): MetricsSums {
  let lossSum = 0, hits = 0;
  for (let b = 0; b < count; b++) {
    lossSum = Math.fround(lossSum + Math.fround(loss[b]));
    hits += correct[b];
  }
  return { lossSum: Math.fround(acc.lossSum + lossSum), correct: acc.correct + hits, samples: acc.samples + count, batches: acc.batches + 1 };
}

/** θ ← θ − η·g, in place. */
export function sgdUpdate(theta: Float64Array, g: ArrayLike<number>, lr: number): void {
  for (let j = 0; j < theta.length; j++) theta[j] -= lr * g[j];
}

// ---- init ----------------------------------------------------------------------------

/**
 * θ0 of docs/design.md §3: weights a·uneg11(x_{j&3}) with x = philox((j>>2, 0, 0, 0), (seed, INIT)),
 * j the GLOBAL index into θ; biases 0. Each value is the f32 product of two f32 numbers, as
 * on the GPU, so the two agree exactly.
 */
export function glorotInit(plan: ModelPlan, seed: number): Float64Array {
  const theta = new Float64Array(plan.D);
  const key = [seed >>> 0, Purpose.INIT];
  for (const layer of plan.layers) {
    if (layer.offset < 0) continue;
    const a = glorotScale(layer.fanIn, layer.fanOut);
    for (let j = layer.offset; j < layer.offset + layer.weightSize; j++) {
      theta[j] = Math.fround(a * uneg11(philox4x32([j >>> 2, 0, 0, 0], key)[j & 3]));
    }
  }
  return theta;
}
