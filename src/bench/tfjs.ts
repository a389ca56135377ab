/**
 * What the two TensorFlow.js peers (peer.ts: SGD, rbd-peer.ts: RBD) share, so that both
 * give TF.js the same advantages: its WebGPU backend on our own GPUDevice, the training
 * set on the GPU with batches gathered there (no upload per step), and the dense network
 * read from θ's layout (docs/design.md §2) with core ops (no Layers overhead).
 * Browser only: TF.js's WebGPU backend expects navigator.gpu.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients'; // tfjs-core alone ships no gradients
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { Dataset } from '../data/dataset';
import { features, normalize } from '../data/dataset';
import { epochOrder, stepsPerEpoch } from '../data/order';
import { InputError } from '../engine/errors';
import type { LayerPlan, ModelPlan } from '../nn/model';
import type { RunConfig } from '../train/run-config';
import type { Trainer } from '../train/trainer';

/**
 * TF.js on our GPUDevice: its kernels are registered under 'webgpu', so that name's
 * factory (which would request a second device) is replaced by one returning ours.
 */
export async function useOurDevice(device: GPUDevice): Promise<void> {
  const info = (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  releaseDevice();
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, info));
  if (!(await tf.setBackend('webgpu'))) throw new Error('TensorFlow.js could not start its WebGPU backend on this device');
}

/** Drops the 'webgpu' backend (it throws once none is registered, as after a first peer). */
export function releaseDevice(): void {
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
}

export interface TfjsData {
  /** The next batch in our order (epoch 0's, as the few steps a peer takes need), gathered on the GPU. */
  next(): { x: tf.Tensor2D; y: tf.Tensor2D };
  dispose(): void;
}

/** The training set on the GPU, one-hot labels, and our epoch order (src/data/order.ts). */
export function tfjsData(dataset: Dataset, config: RunConfig): TfjsData {
  const F = features(dataset), { count, images, labels } = dataset.train;
  const x = tf.tensor2d(Float32Array.from(images, (q) => (images instanceof Uint8Array ? normalize(q) : q)), [count, F]);
  const y = tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), dataset.classes);
  const order = tf.tensor1d(Int32Array.from(epochOrder(count, config.seed, 0)), 'int32');
  const perEpoch = stepsPerEpoch(count, config.batch);
  let step = 0;
  return {
    next() {
      const idx = tf.slice(order, (step++ % perEpoch) * config.batch, config.batch);
      return { x: tf.gather(x, idx) as tf.Tensor2D, y: tf.gather(y, idx) as tf.Tensor2D };
    },
    dispose: () => tf.dispose([x, y, order]),
  };
}

/** A dense layer's weights ([in, out] row-major, the layout tf.matMul(h, w) reads) or its bias. */
export type Param = (layer: LayerPlan, part: 'weight' | 'bias') => tf.Tensor;

/** The mean softmax cross-entropy of a dense plan (dense, relu, tanh, flatten) on a batch. */
export function tfjsLoss(plan: ModelPlan, batch: { x: tf.Tensor2D; y: tf.Tensor2D }, param: Param): tf.Scalar {
  const logits = plan.layers.reduce((h, l) => {
    switch (l.spec.kind) {
      case 'dense': return tf.add(tf.matMul(h, param(l, 'weight') as tf.Tensor2D), param(l, 'bias')) as tf.Tensor2D;
      case 'relu': return tf.relu(h);
      case 'tanh': return tf.tanh(h);
      case 'flatten': return h;
      default: throw new InputError('peer', `the TF.js comparison covers dense networks only, not ${l.spec.kind}`);
    }
  }, batch.x);
  return tf.losses.softmaxCrossEntropy(batch.y, logits) as tf.Scalar;
}

/** Seconds per step over `steps` calls of `run`, to GPU completion (the last keeps its loss). */
export async function timeTfjs(device: GPUDevice, run: (keep: boolean) => tf.Scalar | null, steps: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < steps - 1; i++) run(false);
  const loss = run(true)!;
  await loss.data(); // reading it flushes TF.js's deferred submits
  loss.dispose();
  await device.queue.onSubmittedWorkDone();
  return (performance.now() - t0) / 1000 / steps;
}

/** The largest |a_j − b_j|. */
/** What a peer's check finds: TF.js from our θ on the same batches; after `steps` steps the mean losses and θ agree up to f32 rounding. */
export interface Agreement { steps: number; oursLoss: number; tfjsLoss: number; maxThetaDiff: number }

/** `steps` steps of both from the same θ on the same batches (SGD peers): their mean losses and θ. */
export async function agreeSteps(ours: Trainer, peer: { run(keep: boolean): tf.Scalar | null; readTheta(): Promise<Float32Array> }, steps: number): Promise<Agreement> {
  await ours.readTrainMetrics(); // resets the accumulated metrics
  let tfjsLoss = 0;
  for (let i = 0; i < steps; i++) {
    ours.runStep();
    const loss = peer.run(true)!;
    tfjsLoss += (await loss.data())[0] / steps;
    loss.dispose();
  }
  const oursLoss = (await ours.readTrainMetrics()).loss;
  const [a, b] = await Promise.all([ours.readTheta(), peer.readTheta()]);
  return { steps, oursLoss, tfjsLoss, maxThetaDiff: maxDiff(a, b) };
}

export const maxDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, j) => Math.max(m, Math.abs(v - b[j])), 0);
