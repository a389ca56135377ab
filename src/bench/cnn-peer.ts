/**
 * The CNN peer of issue #16: CNN-MNIST SGD steps/s of our engine against TensorFlow.js's
 * conv2d on its WebGPU backend, in the same page, on the same GPUDevice, with the same
 * network (built from our θ), batches and learning rate, each timed to GPU completion in
 * interleaved rounds. As for the FC peer (peer.ts), TF.js gets what we have: the training
 * set on the GPU, batches gathered there, core ops and its own SGD (no Layers). Run by
 * `npm run bench -- --browser --cnn` (browser.ts). Browser only: TF.js expects navigator.gpu.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/dataset';
import { normalize } from '../data/dataset';
import { epochOrder, stepsPerEpoch } from '../data/order';
import { InputError } from '../engine/errors';
import type { LayerPlan, ModelPlan } from '../nn/model';
import type { RunConfig } from '../train/run-config';
import { Trainer } from '../train/trainer';
import { timeSteps } from './timing';
import { agreeSteps, releaseDevice, timeTfjs, useOurDevice, type Agreement } from './tfjs';

export interface CnnPeer {
  library: string;
  arch: string;
  batch: number;
  steps: number;
  rounds: number;
  oursStepsPerSec: number;
  tfjsStepsPerSec: number;
  /** ours / TF.js (target ≥ 2). */
  speedup: number;
  /** TF.js starts from our θ and takes the same batches: after `steps` steps the mean losses and θ agree up to f32 rounding. */
  agreement: Agreement;
}

type Layer = (h: tf.Tensor) => tf.Tensor;

/** One layer of the plan in TF.js, its variables pushed onto `vars` in θ's order (weights, then bias). */
function tfjsLayer(l: LayerPlan, theta: Float32Array, vars: tf.Variable[]): Layer {
  const weights = () => theta.subarray(l.offset, l.offset + l.weightSize);
  const bias = () => tf.variable(tf.tensor1d(theta.subarray(l.offset + l.weightSize, l.offset + l.weightSize + l.biasSize)));
  const s = l.spec;
  switch (s.kind) {
    case 'conv2d': {
      // W is [k, k, Cin, Cout] (HWIO): TF.js's filter layout, on NHWC activations like ours.
      const w = tf.variable(tf.tensor4d(weights(), [s.kernel, s.kernel, l.inShape[2], s.filters])), b = bias();
      vars.push(w, b);
      return (h) => tf.add(tf.conv2d(h as tf.Tensor4D, w as tf.Tensor4D, 1, s.padding), b);
    }
    case 'dense': {
      const w = tf.variable(tf.tensor2d(weights(), [l.fanIn, l.fanOut])), b = bias();
      vars.push(w, b);
      return (h) => tf.add(tf.matMul(h as tf.Tensor2D, w as tf.Tensor2D), b);
    }
    // 2×2 stride 2, floor: TF.js's 'valid' pooling.
    case 'maxpool2': return (h) => tf.maxPool(h as tf.Tensor4D, 2, 2, 'valid');
    case 'relu': return (h) => tf.relu(h);
    case 'tanh': return (h) => tf.tanh(h);
    // NHWC read as [B, H·W·C]: the same order as our flatten.
    case 'flatten': return (h) => tf.reshape(h, [h.shape[0], -1]);
    default: throw new InputError('cnn peer', `no TF.js twin for ${(s as { kind: string }).kind}`);
  }
}

/** A TF.js twin of `plan` from θ (docs/design.md §2 layout), trained with plain SGD. */
function tfjsTrainer(dataset: Dataset, config: RunConfig, plan: ModelPlan, theta: Float32Array) {
  const { count, images, labels } = dataset.train;
  const x = tf.tensor4d(Float32Array.from(images, (q) => (images instanceof Uint8Array ? normalize(q) : q)), [count, ...dataset.inputShape]);
  const y = tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), dataset.classes);
  const order = tf.tensor1d(Int32Array.from(epochOrder(count, config.seed, 0)), 'int32');
  const vars: tf.Variable[] = [];
  const layers = plan.layers.map((l) => tfjsLayer(l, theta, vars));
  const optimizer = tf.train.sgd(config.lr);
  const perEpoch = stepsPerEpoch(count, config.batch);
  let step = 0;
  /** One training step; returns its loss tensor when asked (the caller disposes it). */
  const run = (keepLoss: boolean) => optimizer.minimize(() => {
    const idx = tf.slice(order, (step++ % perEpoch) * config.batch, config.batch);
    const logits = layers.reduce((h, layer) => layer(h), tf.gather(x, idx) as tf.Tensor);
    return tf.losses.softmaxCrossEntropy(tf.gather(y, idx), logits) as tf.Scalar;
  }, keepLoss, vars);
  const readTheta = async () => Float32Array.from((await Promise.all(vars.map((v) => v.data()))).flatMap((a) => Array.from(a as Float32Array)));
  const dispose = () => { tf.dispose([x, y, order, ...vars]); optimizer.dispose(); };
  return { run, readTheta, dispose };
}

/** `config` is an SGD run of a CNN (src/bench/run.ts's cnnConfig). */
export async function measureCnnPeer(device: GPUDevice, dataset: Dataset, config: RunConfig, steps: number, rounds: number): Promise<CnnPeer> {
  await useOurDevice(device);
  const ours = await Trainer.create(device, dataset, config);
  const peer = tfjsTrainer(dataset, config, ours.plan, await ours.readTheta());
  try {
    const agreement = await agreeSteps(ours, peer, 4); // also the warm-up: pipelines compile on first use
    let oursS = 0, tfjsS = 0;
    for (let r = 0; r < rounds; r++) {
      oursS += (await timeSteps(ours, steps)) / rounds;
      tfjsS += (await timeTfjs(device, peer.run, steps)) / rounds;
    }
    return {
      library: `@tensorflow/tfjs-backend-webgpu ${tf.version_core}`, arch: ours.plan.arch.name, batch: config.batch, steps, rounds,
      oursStepsPerSec: 1 / oursS, tfjsStepsPerSec: 1 / tfjsS, speedup: tfjsS / oursS, agreement,
    };
  } finally {
    peer.dispose();
    ours.destroy();
    releaseDevice();
  }
}
