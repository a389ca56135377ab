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
import type { Dataset } from '../data/dataset';
import type { ModelPlan } from '../nn/model';
import type { RunConfig } from '../train/run-config';
import { Trainer } from '../train/trainer';
import { timeSteps } from './timing';
import { agreeSteps, releaseDevice, tfjsData, tfjsLoss, timeTfjs, useOurDevice, type Agreement } from './tfjs';

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
  agreement: Agreement;
}

/** A TF.js twin of a dense `config.arch` from θ (docs/design.md §2 layout), trained with plain SGD. */
function tfjsTrainer(dataset: Dataset, config: RunConfig, plan: ModelPlan, theta: Float32Array) {
  const data = tfjsData(dataset, config);
  const vars = new Map(plan.layers.filter((l) => l.spec.kind === 'dense').map((l) => [l, {
    weight: tf.variable(tf.tensor2d(theta.subarray(l.offset, l.offset + l.weightSize), [l.fanIn, l.fanOut])),
    bias: tf.variable(tf.tensor1d(theta.subarray(l.offset + l.weightSize, l.offset + l.weightSize + l.biasSize))),
  }]));
  const list = [...vars.values()].flatMap((v) => [v.weight, v.bias]);
  const optimizer = tf.train.sgd(config.lr);
  /** One training step; returns its loss tensor when asked (the caller disposes it). */
  const run = (keepLoss: boolean) => optimizer.minimize(() => tfjsLoss(plan, data.next(), (l, part) => vars.get(l)![part]), keepLoss, list);
  const readTheta = async () => Float32Array.from((await Promise.all(list.map((v) => v.data()))).flatMap((a) => Array.from(a as Float32Array)));
  const dispose = () => { data.dispose(); tf.dispose(list); optimizer.dispose(); };
  return { run, readTheta, dispose };
}

export async function measurePeer(device: GPUDevice, dataset: Dataset, config: RunConfig, steps: number, rounds: number): Promise<Peer> {
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
      library: `@tensorflow/tfjs-backend-webgpu ${tf.version_core}`, batch: config.batch, steps, rounds,
      oursStepsPerSec: 1 / oursS, tfjsStepsPerSec: 1 / tfjsS, speedup: tfjsS / oursS, agreement,
    };
  } finally {
    peer.dispose();
    ours.destroy();
    releaseDevice();
  }
}
