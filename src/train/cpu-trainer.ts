/**
 * The CPU engine of DESIGN.md §10, for browsers without WebGPU: the same run as Trainer
 * (same init, data order, bases and update), computed by the float64 reference of
 * src/reference instead of the GPU kernels. One Philox call per basis entry makes it
 * slow, so it takes small models only (CPU_LIMITS); the Web Worker uses it when it finds
 * no adapter.
 */
import { InputError } from '../engine/errors';
import { gatherBatch, type Dataset } from '../data/dataset';
import { batchOffset, epochOrder } from '../data/order';
import { size, type ModelPlan } from '../nn/model';
import type { NetworkMetrics } from '../nn/network';
import { glorotInit, metricsAccumulate, sgdUpdate, softmaxXent, type MetricsSums } from '../reference/layers';
import { networkForward, networkGradient } from '../reference/network';
import { projectCPU, updateCPU } from '../reference/subspace';
import { planCompartments, type Compartment } from '../subspace/compartments';
import { checkDist } from '../subspace/checks';
import type { Evaluation } from './evaluate';
import { checkRunConfig, definedFields, planRun, stepPosition, type RunConfig } from './run-config';
import type { LivePatch } from './trainer';

/** What the CPU engine takes: about a second a step at most in a browser. */
export const CPU_LIMITS = { params: 100_000, basisEntries: 2_000_000 };

const EVAL_BATCH = 500;
const ZERO: MetricsSums = { lossSum: 0, correct: 0, samples: 0, batches: 0 };

export class CpuTrainer {
  step = 0;
  private order: Uint32Array = new Uint32Array(0);
  private orderEpoch = -1;
  private metrics = ZERO;

  private constructor(
    readonly dataset: Dataset,
    readonly config: RunConfig,
    readonly plan: ModelPlan,
    private theta: Float64Array,
    private comps: Compartment[] | null,
    readonly stepsPerEpoch: number,
  ) {}

  static create(dataset: Dataset, config: RunConfig): CpuTrainer {
    const { plan, stepsPerEpoch: perEpoch, compartments: comps } = planRun(dataset, config);
    checkCpuSize(plan, comps, config.workers);
    return new CpuTrainer(dataset, { ...config }, plan, glorotInit(plan, config.seed), comps, perEpoch);
  }

  get epoch(): number {
    return this.step / this.stepsPerEpoch;
  }

  get compartments(): readonly Compartment[] {
    return this.comps ?? [];
  }

  get trainedDims(): number {
    return this.comps ? this.comps.reduce((s, c) => s + c.dirs, 0) : this.plan.D;
  }

  /** One step of every worker, then the update: Trainer.runStep on the CPU. */
  runStep(): void {
    const { config, plan } = this;
    const W = config.workers;
    const { epoch, b, r } = stepPosition(this.step, this.stepsPerEpoch, config);
    if (epoch !== this.orderEpoch) {
      this.order = epochOrder(this.dataset.train.count, config.seed, epoch);
      this.orderEpoch = epoch;
    }
    const coordinates: Float64Array[] = [];
    for (let w = 0; w < W; w++) {
      const { inputs, labels } = gatherBatch(this.dataset.train, this.order, batchOffset(config.batch, b, w, W), config.batch);
      const grad = networkGradient(plan, this.theta, inputs, labels, config.batch);
      this.metrics = metricsAccumulate(this.metrics, grad.losses, grad.correct, config.batch);
      if (this.comps) coordinates.push(projectCPU(grad.g, this.comps, config.seed, config.dist, r, w));
      else sgdUpdate(this.theta, grad.g, config.lr);
    }
    if (this.comps) this.theta = updateCPU(this.theta, coordinates, this.comps, config.seed, config.dist, r, config.lr);
    this.step++;
  }

  /**
   * Mean training loss and accuracy since the last read, as the GPU accumulates them.
   * Waits one task first, as the GPU readback does: the worker's training loop awaits
   * this between turns, and a pause or live change can only arrive in a new task.
   */
  async readTrainMetrics(): Promise<NetworkMetrics> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    const m = this.metrics;
    this.metrics = ZERO;
    return { loss: m.samples ? m.lossSum / m.samples : 0, accuracy: m.samples ? m.correct / m.samples : 0, samples: m.samples, batches: m.batches };
  }

  async evaluate(): Promise<Evaluation> {
    const test = this.dataset.test, classes = this.plan.classes;
    const F = size(this.plan.inputShape);
    const all = Uint32Array.from({ length: test.count }, (_, n) => n);
    const predicted = new Uint8Array(test.count);
    const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
    let lossSum = 0, correct = 0;
    for (let start = 0; start < test.count; start += EVAL_BATCH) {
      const rows = Math.min(EVAL_BATCH, test.count - start);
      const { inputs } = gatherBatch(test, all, start, rows);
      const { logits } = networkForward(this.plan, this.theta, inputs.subarray(0, rows * F), rows);
      const { loss } = softmaxXent(logits, test.labels.subarray(start, start + rows), rows, classes);
      for (let i = 0; i < rows; i++) {
        const z = logits.subarray(i * classes, (i + 1) * classes);
        const label = test.labels[start + i];
        lossSum += loss[i];
        const guess = z.indexOf(Math.max(...z)); // the first maximum, as softmaxXent's `correct`
        predicted[start + i] = guess;
        confusion[label][guess]++;
        if (guess === label) correct++;
      }
    }
    return { loss: lossSum / test.count, accuracy: correct / test.count, samples: test.count, confusion, predicted };
  }

  /** Trainer.setLive: the same checks, applied from the next step. */
  setLive(change: LivePatch): void {
    const patch = definedFields(change);
    const next = { ...this.config, ...patch };
    checkRunConfig(next);
    if (patch.dist !== undefined) checkDist(patch.dist);
    if (this.comps && patch.d !== undefined && patch.d !== this.config.d) {
      const comps = planCompartments(this.plan, next.compartments, next.alloc, next.d);
      checkCpuSize(this.plan, comps, next.workers);
      this.comps = comps;
    }
    Object.assign(this.config, patch);
  }

  loadCheckpoint(theta: Float32Array, step: number): void {
    if (theta.length !== this.plan.D) throw new RangeError(`checkpoint has ${theta.length} parameters, the model has ${this.plan.D}`);
    this.theta = Float64Array.from(theta);
    this.step = step;
  }

  async readTheta(): Promise<Float32Array<ArrayBuffer>> {
    return Float32Array.from(this.theta);
  }

  destroy(): void {}
}

/** Refuses a model the CPU engine would take minutes a step on, naming the field to change. */
function checkCpuSize(plan: ModelPlan, comps: Compartment[] | null, workers: number): void {
  const why = 'without WebGPU, training runs on the CPU, for small models only';
  if (plan.D > CPU_LIMITS.params) {
    throw new InputError('arch', `has D = ${plan.D.toLocaleString('en')} parameters; ${why} (D ≤ ${CPU_LIMITS.params.toLocaleString('en')})`);
  }
  const entries = comps ? workers * comps.reduce((s, c) => s + c.dirs * c.size, 0) : 0;
  if (entries > CPU_LIMITS.basisEntries) {
    throw new InputError('d', `needs ${entries.toLocaleString('en')} basis entries a step (W·Σ d_k·D_k); ${why} (≤ ${CPU_LIMITS.basisEntries.toLocaleString('en')}): lower d`);
  }
}
