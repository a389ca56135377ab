/**
 * The RBD peer (issue #16): random bases descent as a user would write it in TensorFlow.js
 * without this project, against our RBD step, in the same page, on the same GPUDevice,
 * each timed to GPU completion in interleaved rounds. FC-MNIST, batch 32, η as the SGD
 * peer's, d = 250 in one compartment (D_k = D), a new basis every step. A TF.js step is
 *   g = ∇L(θ);  P = tf.randomNormal([d, D], 0, 1/√D);  c = P·g;  u = Pᵀ·c;  θ −= η·u,
 * P scaled as our φ_i = z/√D_k (docs/design.md §2), θ one flat variable in our layout.
 *
 * Where TF.js's random numbers come from (tfjs-core and tfjs-backend-webgpu 4.22, as
 * read in node_modules): tf.randomNormal is an op, not a kernel. ops/random_normal.js
 * fills a TensorBuffer in a JavaScript loop of MPRandGauss.nextValue() (ops/rand_util.js:
 * seedrandom's alea and the Marsaglia polar method), on the CPU; the WebGPU backend
 * registers no random kernel (its kernels/ has none), and uploads the values at first use
 * (backend_webgpu.js uploadToGPU: a mapped staging buffer, then a copy). So each TF.js
 * step draws d·D normals in JavaScript, uploads d·D·4 bytes and holds P on the GPU, where
 * ours draws them inside the project and update kernels and never stores P.
 *
 * The check: both take the same steps from the same θ on the same batches, TF.js with OUR
 * basis (materialised by bench/dense.ts, the "fused against stored P" baseline, and
 * copied into a tensor on the GPU each step), so the losses and θ agree up to float32
 * rounding. Browser only, as peer.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/dataset';
import type { LayerPlan, ModelPlan } from '../nn/model';
import type { RunConfig } from '../train/run-config';
import { Trainer } from '../train/trainer';
import { createDenseSubspace } from './dense';
import { maxDiff, releaseDevice, tfjsData, tfjsLoss, timeTfjs, useOurDevice, type Agreement, type Param } from './tfjs';
import { submit, timeSteps } from './timing';

export interface RbdPeer {
  library: string;
  /** Σd_k (one compartment) and D. */
  d: number;
  D: number;
  batch: number;
  /** Steps a round, and interleaved rounds. */
  steps: number;
  rounds: number;
  oursStepsPerSec: number;
  tfjsStepsPerSec: number;
  /** ours / TF.js. */
  speedup: number;
  /** Our subspace buffers (Subspace.bytes, as the fused/materialised figure): no P. */
  oursSubspaceBytes: number;
  /** TF.js's P tensor, d·D·4 bytes, drawn on the CPU and uploaded every step. */
  tfjsBasisBytes: number;
  /** Milliseconds a TF.js step spent in tf.randomNormal's JavaScript loop (the mean over the timed steps), out of 1000/tfjsStepsPerSec. */
  tfjsDrawMs: number;
  /** The most tensor bytes (tf.memory().numBytes) a TF.js step added while it ran: P, g, c, u and the gradient's intermediates. */
  tfjsStepBytes: number;
  /**
   * As Peer.agreement, TF.js using our basis, over `steps` redraws; maxThetaMove is how
   * far our θ moved in them (largest |θ − θ0|), the scale a wrong P would err on.
   */
  agreement: Agreement & { maxThetaMove: number };
}

/** Layer l's weights ([in, out] row-major) or bias, as views into a flat θ in our layout. */
const paramsOf = (theta: tf.Tensor1D): Param => (l: LayerPlan, part) => (part === 'weight'
  ? tf.reshape(tf.slice(theta, l.offset, l.weightSize), [l.fanIn, l.fanOut])
  : tf.slice(theta, l.offset + l.weightSize, l.biasSize));

/** RBD in TF.js from θ0, one compartment of D_k = D; `run(keep, P?)` takes one step, P drawn by TF.js unless given. */
function tfjsRbd(dataset: Dataset, config: RunConfig, plan: ModelPlan, theta0: Float32Array, d: number, Dk: number) {
  const data = tfjsData(dataset, config), D = plan.D;
  const theta = tf.variable(tf.tensor1d(theta0));
  let draws = 0, drawSeconds = 0, stepBytes = 0;
  const run = (keep: boolean, given?: tf.Tensor2D): tf.Scalar | null => {
    const loss = tf.tidy(() => {
      const before = tf.memory().numBytes, batch = data.next();
      const { value, grad } = tf.valueAndGrad((t: tf.Tensor1D) => tfjsLoss(plan, batch, paramsOf(t)))(theta);
      // A seed per draw (randomNormal's own would be Math.random()), so runs repeat.
      // randomNormal returns once its JS loop has filled P (the upload waits for first use): that is the draw's time.
      const t0 = performance.now();
      const P = given ?? tf.randomNormal([d, D], 0, 1 / Math.sqrt(Dk), 'float32', ++draws);
      if (!given) drawSeconds += (performance.now() - t0) / 1000;
      const c = tf.matMul(P, tf.reshape(grad, [D, 1]));
      const u = tf.matMul(P, c, true);
      theta.assign(tf.sub(theta, tf.mul(tf.reshape(u, [D]), config.lr)));
      stepBytes = Math.max(stepBytes, tf.memory().numBytes - before);
      return value;
    });
    if (keep) return loss;
    loss.dispose(); // unread: no sync
    return null;
  };
  return {
    run, stepBytes: () => stepBytes, drawSeconds: () => drawSeconds / Math.max(1, draws),
    readTheta: async () => (await theta.data()) as Float32Array,
    dispose: () => { data.dispose(); theta.dispose(); },
  };
}

/**
 * `steps` steps of both from the same θ, TF.js given our basis of each step's redraw
 * epoch: their mean losses and largest θ difference.
 */
async function agree(ours: Trainer, peer: ReturnType<typeof tfjsRbd>, theta0: Float32Array, steps: number): Promise<RbdPeer['agreement']> {
  const { device, config, plan } = ours;
  const dense = await createDenseSubspace(device, { D: plan.D, compartments: [...ours.compartments], workers: 1, seed: config.seed, dist: config.dist });
  try {
    await ours.readTrainMetrics(); // resets the accumulated metrics
    let tfjsLoss = 0;
    for (let i = 0; i < steps; i++) {
      // redrawEvery 1 from step 0: step t uses redraw epoch t (docs/design.md §2).
      submit(device, (pass) => dense.recordMaterialize(pass, ours.step), 0);
      // TF.js copies the buffer at once (its own submit, behind ours), so the next materialise cannot reach it.
      const P = tf.tensor({ buffer: dense.basis, zeroCopy: false }, [dense.dirs, plan.D], 'float32') as tf.Tensor2D;
      ours.runStep();
      const loss = peer.run(true, P)!;
      tfjsLoss += (await loss.data())[0] / steps;
      tf.dispose([loss, P]);
    }
    const oursLoss = (await ours.readTrainMetrics()).loss;
    const [a, b] = await Promise.all([ours.readTheta(), peer.readTheta()]);
    return { steps, oursLoss, tfjsLoss, maxThetaDiff: maxDiff(a, b), maxThetaMove: maxDiff(a, theta0) };
  } finally {
    dense.destroy();
  }
}

/** `config`: the SGD peer's (FC-MNIST, batch 32); this runs it as rbd at config.d in one compartment. */
export async function measureRbdPeer(device: GPUDevice, dataset: Dataset, config: RunConfig, steps: number, rounds: number): Promise<RbdPeer> {
  await useOurDevice(device);
  const rbd: RunConfig = { ...config, method: 'rbd', redraw: 1, compartments: 'network', alloc: 'proportional' };
  const ours = await Trainer.create(device, dataset, rbd);
  const { dirs: d, size: Dk } = ours.compartments[0], D = ours.plan.D;
  const theta0 = await ours.readTheta();
  const peer = tfjsRbd(dataset, rbd, ours.plan, theta0, d, Dk);
  try {
    const agreement = await agree(ours, peer, theta0, 2); // also the warm-up of both steps' pipelines
    let oursS = 0, tfjsS = 0;
    for (let r = 0; r < rounds; r++) {
      oursS += (await timeSteps(ours, steps)) / rounds;
      tfjsS += (await timeTfjs(device, peer.run, steps)) / rounds;
    }
    return {
      library: `@tensorflow/tfjs-backend-webgpu ${tf.version_core}`, d, D, batch: rbd.batch, steps, rounds,
      oursStepsPerSec: 1 / oursS, tfjsStepsPerSec: 1 / tfjsS, speedup: tfjsS / oursS,
      oursSubspaceBytes: ours.subspace!.bytes, tfjsBasisBytes: d * D * 4, tfjsStepBytes: peer.stepBytes(),
      tfjsDrawMs: 1000 * peer.drawSeconds(), agreement,
    };
  } finally {
    peer.dispose();
    ours.destroy();
    releaseDevice();
  }
}
