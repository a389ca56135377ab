/**
 * The peer comparison of issue #6: FC-MNIST SGD training steps/s of our engine against
 * TensorFlow.js's WebGPU backend, in the same page, on the same GPUDevice, with the same
 * network, batch and learning rate, each timed to GPU completion, in interleaved rounds.
 *
 * TF.js is given every advantage we take ourselves: the training set lives on the GPU and
 * batches are gathered there (tf.gather on an index slice, no upload per step), it uses
 * its core ops and optimizer (no Layers overhead), and it keeps its own deferred submits.
 * Browser only: TF.js's WebGPU backend expects navigator.gpu.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients'; // tfjs-core alone ships no gradients
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { Dataset } from '../data/dataset';
import { features, normalize } from '../data/dataset';
import { epochOrder, stepsPerEpoch } from '../data/order';
import { InputError } from '../engine/errors';
import type { ModelPlan } from '../nn/model';
import type { RunConfig } from '../train/run-config';
import { Trainer } from '../train/trainer';
import { timeSteps } from './timing';

export interface Peer {
  library: string;
  batch: number;
  steps: number;
  rounds: number;
  oursStepsPerSec: number;
  tfjsStepsPerSec: number;
  /** ours / TF.js (target ≥ 3). */
  speedup: number;
  /**
   * The same computation, checked: TF.js starts from our θ and takes the same batches, so
   * after `steps` steps the mean losses and the θ of both agree up to float32 rounding.
   */
  agreement: { steps: number; oursLoss: number; tfjsLoss: number; maxThetaDiff: number };
}

/** A TF.js twin of a dense `config.arch` (dense, relu, tanh, flatten) from θ (docs/design.md §2 layout), trained with plain SGD. */
function tfjsTrainer(dataset: Dataset, config: RunConfig, plan: ModelPlan, theta: Float32Array) {
  const F = features(dataset), { count, images, labels } = dataset.train;
  const x = tf.tensor2d(Float32Array.from(images, (q) => (images instanceof Uint8Array ? normalize(q) : q)), [count, F]);
  const y = tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), dataset.classes);
  const order = tf.tensor1d(Int32Array.from(epochOrder(count, config.seed, 0)), 'int32');
  const vars: tf.Variable[] = [];
  const layers = plan.layers.map((l) => {
    switch (l.spec.kind) {
      case 'dense': {
        // Weights [in, out] row-major, then the bias: the layout tf.matMul(h, w) reads.
        const w = tf.variable(tf.tensor2d(theta.subarray(l.offset, l.offset + l.weightSize), [l.fanIn, l.fanOut]));
        const b = tf.variable(tf.tensor1d(theta.subarray(l.offset + l.weightSize, l.offset + l.weightSize + l.biasSize)));
        vars.push(w, b);
        return (h: tf.Tensor2D) => tf.add(tf.matMul(h, w), b) as tf.Tensor2D;
      }
      case 'relu': return (h: tf.Tensor2D) => tf.relu(h);
      case 'tanh': return (h: tf.Tensor2D) => tf.tanh(h);
      case 'flatten': return (h: tf.Tensor2D) => h;
      default: throw new InputError('peer', `the TF.js comparison covers dense networks only, not ${l.spec.kind}`);
    }
  });
  const optimizer = tf.train.sgd(config.lr);
  const perEpoch = stepsPerEpoch(count, config.batch);
  let step = 0;
  /** One training step; returns its loss tensor when asked (the caller disposes it). */
  const run = (keepLoss: boolean) => optimizer.minimize(() => {
    const idx = tf.slice(order, (step++ % perEpoch) * config.batch, config.batch);
    const logits = layers.reduce((h, layer) => layer(h), tf.gather(x, idx) as tf.Tensor2D);
    return tf.losses.softmaxCrossEntropy(tf.gather(y, idx), logits) as tf.Scalar;
  }, keepLoss, vars);
  const readTheta = async () => Float32Array.from((await Promise.all(vars.map((v) => v.data()))).flatMap((a) => Array.from(a as Float32Array)));
  const dispose = () => { tf.dispose([x, y, order, ...vars]); optimizer.dispose(); };
  return { run, readTheta, dispose };
}

/** Seconds per TF.js step over `steps` steps, to GPU completion. */
async function timeTfjs(device: GPUDevice, run: (keep: boolean) => tf.Scalar | null, steps: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < steps - 1; i++) run(false);
  const loss = run(true)!;
  await loss.data(); // reading it flushes TF.js's deferred submits
  loss.dispose();
  await device.queue.onSubmittedWorkDone();
  return (performance.now() - t0) / 1000 / steps;
}

/** `steps` steps of both from the same θ on the same batches: their mean losses and θ. */
async function agree(ours: Trainer, peer: ReturnType<typeof tfjsTrainer>, steps: number): Promise<Peer['agreement']> {
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
  const maxThetaDiff = a.reduce((m, v, j) => Math.max(m, Math.abs(v - b[j])), 0);
  return { steps, oursLoss, tfjsLoss, maxThetaDiff };
}

export async function measurePeer(device: GPUDevice, dataset: Dataset, config: RunConfig, steps: number, rounds: number): Promise<Peer> {
  // TF.js on our own GPUDevice: its kernels are registered under 'webgpu', so that name's
  // factory (which would request a second device) is replaced by one returning ours.
  const info = (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, info));
  if (!(await tf.setBackend('webgpu'))) throw new Error('TensorFlow.js could not start its WebGPU backend on this device');
  const ours = await Trainer.create(device, dataset, config);
  const peer = tfjsTrainer(dataset, config, ours.plan, await ours.readTheta());
  try {
    const agreement = await agree(ours, peer, 4); // also the warm-up: pipelines compile on first use
    let oursS = 0, tfjsS = 0;
    for (let r = 0; r < rounds; r++) {
      oursS += (await timeSteps(ours, steps)) / rounds;
      tfjsS += (await timeTfjs(device, peer.run, steps)) / rounds;
    }
    return {
      library: `@tensorflow/tfjs-backend-webgpu ${tf.version_core}`, batch: config.batch, steps, rounds,
      oursStepsPerSec: 1 / oursS, tfjsStepsPerSec: 1 / tfjsS, speedup: tfjsS / oursS, agreement,
    };
  } finally {
    peer.dispose();
    ours.destroy();
    tf.removeBackend('webgpu');
  }
}
