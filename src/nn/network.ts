/**
 * A model on the GPU: θ and g, activation buffers, and the forward/backward schedule of a
 * ModelPlan for a fixed batch size. Every `record*` call only RECORDS dispatches into the
 * caller's pass or encoder; nothing is submitted or read back (docs/design.md §5: one step is
 * one queue.submit). Uniforms hold shapes and are written once, here at creation.
 *
 * Buffers: each layer's output has its own buffer in 'train' mode (backward needs them);
 * 'eval' mode (forward + metrics, e.g. a large test batch) ping-pongs two. Gradients of
 * activations always ping-pong two buffers. A flatten layer is free: it aliases its input.
 *
 * Each layer kind's kernels and bindings are its descriptor's (./layers/); this file is
 * the buffer plan and the loops over layers.
 */
import { type LayerPlan, type ModelPlan, size } from './model';
import { glorotScale, layerDims, layerName } from './dims';
import { dispatchThreads, loadStepKernels } from './kernels';
import { type Dispatch, type LayerBuffers } from './layers/descriptor';
import { type KernelSchedule, scheduleLayer } from './layers';
import { createBuffer, readBuffer, STORAGE, UNIFORM } from '../engine/buffers';
import { InputError } from '../engine/errors';

export interface NetworkOptions {
  /** 'train' (default) can record backward; 'eval' only forward and metrics, with less memory. */
  mode?: 'train' | 'eval';
  /** Use this θ (e.g. the trainer's, for evaluation) instead of allocating one; destroy() leaves it alone. */
  theta?: GPUBuffer;
  /** Label prefix of every GPU object; default 'nn' ('nn.eval' in eval mode). */
  label?: string;
}

/** What readMetrics returns: means over the samples accumulated since the last read. */
export interface NetworkMetrics {
  /** Mean per-sample loss (0 when samples is 0). */
  loss: number;
  /** Fraction predicted right (0 when samples is 0). */
  accuracy: number;
  samples: number;
  batches: number;
}

export interface Network {
  readonly plan: ModelPlan;
  /** B: rows of every batch buffer. */
  readonly batch: number;
  readonly mode: 'train' | 'eval';
  /** θ, D f32 in the layout of plan.tensors. */
  readonly theta: GPUBuffer;
  /** g = ∂L/∂θ of the last recorded backward, D f32 (allocated in eval mode too, so the type stays simple). */
  readonly grad: GPUBuffer;
  /** [B, ...plan.inputShape] f32, NHWC; the caller fills it (on the GPU, or by writeBuffer). */
  readonly input: GPUBuffer;
  /** [B] u32 class labels; the caller fills it. */
  readonly labels: GPUBuffer;
  /** [B, classes] f32, the last layer's output after recordForward. */
  readonly logits: GPUBuffer;
  /** The accumulator of metrics_accumulate.wgsl: lossSum f32, correct, samples, batches u32. */
  readonly metrics: GPUBuffer;
  /** The default η uniform of recordSgd (one f32); set it with setLearningRate. */
  readonly lr: GPUBuffer;
  /**
   * Bytes of every GPU buffer this network owns now: not a θ passed in as options.theta,
   * nor readMetrics' short-lived staging copy. It grows by one 16-byte uniform for each
   * new evaluation `count` or init seed (made on first use), and is 0 after destroy().
   */
  readonly bytes: number;
  /** θ0 (docs/design.md §3 Init) for `seed`, and zeroes the metrics. Opens and ends its own pass. */
  recordInit(encoder: GPUCommandEncoder, seed: number): void;
  /** Every layer, then softmax_xent (per-sample loss, correct, logits gradient) over the first `count` rows. */
  recordForward(pass: GPUComputePassEncoder, count?: number): void;
  /** After recordForward: every backward kernel, writing g. 'train' mode only. */
  recordBackward(pass: GPUComputePassEncoder): void;
  /** Adds the last recorded forward's loss and correct sums (its `count` rows) to `metrics`. */
  recordMetrics(pass: GPUComputePassEncoder): void;
  /** θ −= η·g, η from `lr` (a uniform whose first f32 is η), by default this.lr. */
  recordSgd(pass: GPUComputePassEncoder, lr?: GPUBuffer): void;
  /** Writes this.lr now (queue.writeBuffer: it applies to work submitted after this call). */
  setLearningRate(lr: number): void;
  /** Reads the accumulator and resets it, both ordered on the queue after work already submitted. */
  readMetrics(): Promise<NetworkMetrics>;
  destroy(): void;
}

export async function createNetwork(device: GPUDevice, plan: ModelPlan, batch: number, options: NetworkOptions = {}): Promise<Network> {
  if (!Number.isInteger(batch) || batch < 1) throw new InputError('batch', `must be a whole number ≥ 1, got ${batch}`);
  const mode = options.mode ?? 'train';
  const name = options.label ?? (mode === 'train' ? 'nn' : 'nn.eval');
  const { D, layers, classes } = plan;
  const [k, schedules] = await Promise.all([
    loadStepKernels(device),
    Promise.all(layers.map((layer) => scheduleLayer(device, layer.spec.kind, layerDims(layer, batch), `${name}.${layerName(layer)}`))),
  ]);
  const owned: GPUBuffer[] = [];
  const storage = (label: string, floats: number) => {
    const b = createBuffer(device, `${name}.${label}`, 4 * floats, STORAGE);
    owned.push(b);
    return b;
  };
  const uniform = (label: string, data: ArrayBufferView) => {
    const b = createBuffer(device, `${name}.${label}`, data.byteLength, UNIFORM);
    device.queue.writeBuffer(b, 0, data.buffer, data.byteOffset, data.byteLength);
    owned.push(b);
    return b;
  };
  const bind = (kernel: keyof typeof k, label: string, buffers: GPUBuffer[]) => k[kernel].bind(buffers, `${name}.${label}`);

  if (options.theta && options.theta.size < 4 * D) {
    throw new Error(`network '${name}': the shared θ buffer '${options.theta.label}' has ${options.theta.size} bytes, but D = ${D} needs ${4 * D}`);
  }
  const theta = options.theta ?? storage('theta', D);
  const grad = storage('grad', D);
  const input = storage('input', batch * size(plan.inputShape));
  const labels = storage('labels', batch);
  const metrics = storage('metrics', 4);
  const losses = storage('loss', batch);
  const correct = storage('correct', batch);
  const lr = uniform('lr', new Float32Array(4));

  // Each layer's buffers: its input is the previous output; a view layer's output is its
  // input, so it gets none. One uniform per layer, shared by its forward and backward
  // kernels; shapes never change.
  const maxOut = Math.max(...layers.map((l) => size(l.outShape)));
  const pingpong = mode === 'eval' ? [storage('activationA', batch * maxOut), storage('activationB', batch * maxOut)] : null;
  const bound: { layer: LayerPlan; schedule: KernelSchedule; buffers: LayerBuffers }[] = [];
  let cur = input;
  for (const layer of layers) {
    const schedule = schedules[layer.index], ln = layerName(layer), x = cur;
    if (schedule.view) continue;
    cur = pingpong ? pingpong[cur === pingpong[0] ? 1 : 0] : storage(`${ln}.output`, batch * size(layer.outShape));
    const records = Object.fromEntries(Object.entries(schedule.records).map(([record, words]) => [record, storage(`${ln}.${record}`, words)]));
    bound.push({ layer, schedule, buffers: { params: uniform(`${ln}.params`, schedule.params), theta, grad, input: x, output: cur, records } });
  }
  const logits = cur;

  // Gradients of activations: the first is the logits gradient softmax_xent writes.
  const hasParamsBefore = layers.map((_, l) => layers.slice(0, l).some((p) => p.weightSize > 0));
  const maxGrad = Math.max(classes, ...layers.filter((_, l) => hasParamsBefore[l]).map((l) => size(l.inShape)));
  const grads = mode === 'train' ? [storage('gradientA', batch * maxGrad), storage('gradientB', batch * maxGrad)] : [storage('logitsGrad', batch * classes)];

  const forward = bound.flatMap(({ schedule, buffers }) => schedule.forward(buffers));

  // Backward, last layer first (train mode only: eval has a single gradient buffer). A
  // layer's inputGrad is skipped when no earlier layer has parameters. View layers are not
  // in `bound`: their inputGrad is their outputGrad.
  const backward: Dispatch[] = [];
  let g = grads[0]; // outputGrad of the layer being scheduled
  for (const { layer, schedule, buffers } of mode === 'train' ? [...bound].reverse() : []) {
    const outputGrad = g;
    const inputGrad = hasParamsBefore[layer.index] ? (g = grads[g === grads[0] ? 1 : 0]) : null;
    backward.push(...schedule.backward(buffers, outputGrad, inputGrad));
  }

  // Per-count uniforms and bind groups for softmax_xent and metrics_accumulate, made on
  // first use: a full batch, and the last partial batch of an evaluation pass.
  const perCount = new Map<number, { softmax: GPUBindGroup; metrics: GPUBindGroup }>();
  const countBindings = (count: number) => {
    let b = perCount.get(count);
    if (!b) {
      const u = uniform(`batch${count}`, Uint32Array.of(count, batch, classes, 0));
      b = {
        softmax: bind('softmaxXent', `softmaxXent.count${count}`, [u, logits, labels, losses, correct, grads[0]]),
        metrics: bind('metricsAccumulate', `metrics.count${count}`, [u, losses, correct, metrics]),
      };
      perCount.set(count, b);
    }
    return b;
  };
  let lastCount = batch;

  const sgdParams = uniform('sgd.params', Uint32Array.of(D, 0, 0, 0));
  const sgdBindings = new Map<GPUBuffer, GPUBindGroup>();
  const initSeeds = new Map<number, GPUBindGroup[]>();
  const paramLayers = layers.filter((l) => l.weightSize > 0);
  const initParams = paramLayers.map((layer) => {
    const data = new ArrayBuffer(16);
    new Uint32Array(data, 0, 3).set([layer.offset, layer.weightSize, layer.biasSize]);
    new Float32Array(data, 12, 1)[0] = glorotScale(layer.fanIn, layer.fanOut);
    return uniform(`${layerName(layer)}.init.params`, new Uint8Array(data));
  });

  return {
    plan, batch, mode, theta, grad, input, labels, logits, metrics, lr,
    get bytes() {
      return owned.reduce((sum, b) => sum + b.size, 0);
    },
    recordInit(encoder, seed) {
      seed >>>= 0; // the kernel's key word is a u32
      let groups = initSeeds.get(seed);
      if (!groups) {
        // One small uniform per seed, so two inits recorded into one submit do not share it.
        const s = uniform(`init.seed${seed}`, Uint32Array.of(seed, 0, 0, 0));
        groups = paramLayers.map((layer, i) => bind('initGlorot', `${layerName(layer)}.init.seed${seed}`, [initParams[i], s, theta]));
        initSeeds.set(seed, groups);
      }
      encoder.clearBuffer(metrics);
      const pass = encoder.beginComputePass({ label: `${name}.init` });
      paramLayers.forEach((layer, i) => dispatchThreads(device, pass, k.initGlorot, groups[i], layer.weightSize + layer.biasSize));
      pass.end();
    },
    recordForward(pass, count = batch) {
      if (!Number.isInteger(count) || count < 1 || count > batch) throw new InputError('count', `must be a whole number in 1..${batch}, got ${count}`);
      for (const step of forward) step(pass);
      dispatchThreads(device, pass, k.softmaxXent, countBindings(count).softmax, batch);
      lastCount = count;
    },
    recordBackward(pass) {
      if (mode !== 'train') throw new Error(`network '${name}' was created for evaluation and cannot record backward`);
      for (const step of backward) step(pass);
    },
    recordMetrics(pass) {
      k.metricsAccumulate.dispatch(pass, countBindings(lastCount).metrics, 1);
    },
    recordSgd(pass, rate = lr) {
      let bindGroup = sgdBindings.get(rate);
      if (!bindGroup) sgdBindings.set(rate, (bindGroup = bind('sgdUpdate', 'sgd', [sgdParams, rate, theta, grad])));
      dispatchThreads(device, pass, k.sgdUpdate, bindGroup, D);
    },
    setLearningRate(value) {
      device.queue.writeBuffer(lr, 0, Float32Array.of(value));
    },
    async readMetrics() {
      // readBuffer submits its copy before its first await, so the reset below is queued after it.
      const pending = readBuffer(device, metrics, 16);
      device.queue.writeBuffer(metrics, 0, new Uint32Array(4));
      const data = await pending;
      const lossSum = new Float32Array(data, 0, 1)[0];
      const [, hits, samples, batches] = new Uint32Array(data);
      return { loss: samples ? lossSum / samples : 0, accuracy: samples ? hits / samples : 0, samples, batches };
    },
    destroy() {
      for (const b of owned) b.destroy();
      owned.length = 0;
    },
  };
}
