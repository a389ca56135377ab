/**
 * The CPU engine of docs/design.md §10, for browsers without WebGPU: the same run as
 * Trainer (same init, data order, bases and update), computed by the float64 reference
 * of src/reference instead of the GPU kernels. One Philox call per basis entry makes it
 * slow, so it takes small models only (CPU_LIMITS); the Web Worker uses it when it finds
 * no adapter.
 */
import { InputError } from '../engine/errors';
import { gatherBatch, type Dataset } from '../data/dataset';
import { batchOffset, epochOrder } from '../data/order';
import { size, type ModelPlan } from '../nn/model';
import type { NetworkMetrics } from '../nn/network';
import { glorotInit, metricsAccumulate, sgdUpdate, softmaxXent, type MetricsSums } from '../reference/step';
import { networkForward, networkGradient } from '../reference/network';
import { projectCPU, updateCPU } from '../reference/subspace';
import { probeSet, probeSums, stepSums, type ProbeSet } from '../reference/diagnostics';
import type { Compartment } from '../subspace/compartments';
import type { RunConfig } from '../experiment/run';
import { probeCount, type DiagnosticSums, type TakenStep } from './diagnostics';
import { RunEngine, type EngineState } from './engine';
import type { Evaluation } from './evaluate';
import { planRun, type RunPlan, type StepPosition } from './run-config';

/** What the CPU engine takes: about a second a step at most in a browser. */
export const CPU_LIMITS = { params: 100_000, basisEntries: 2_000_000 };

const EVAL_BATCH = 500;
const ZERO: MetricsSums = { lossSum: 0, correct: 0, samples: 0, batches: 0 };

export class CpuTrainer extends RunEngine {
  private order: Uint32Array = new Uint32Array(0);
  private orderEpoch = -1;
  private metrics = ZERO;
  /** The last step's g_w and (rbd, fpd) c_w, for diagnose(). */
  private lastGrads: Float64Array[] = [];
  private lastCoordinates: Float64Array[] = [];
  private probe: ProbeSet | null = null;

  private constructor(dataset: Dataset, run: RunPlan, private theta: Float64Array<ArrayBuffer>) {
    super(dataset, run);
  }

  static create(dataset: Dataset, config: RunConfig): CpuTrainer {
    const run = planRun(dataset, config);
    checkCpuSize(run.plan, run.compartments, run.config.workers);
    return new CpuTrainer(dataset, run, glorotInit(run.plan, run.config.seed) as Float64Array<ArrayBuffer>);
  }

  get bytes(): number {
    return 0;
  }

  /** Trainer.computeStep on the CPU. */
  protected computeStep({ epoch, b, r }: StepPosition): void {
    const { config, plan, comps } = this;
    const W = config.workers;
    if (epoch !== this.orderEpoch) {
      this.order = epochOrder(this.dataset.train.count, config.seed, epoch);
      this.orderEpoch = epoch;
    }
    const coordinates: Float64Array[] = [], grads: Float64Array[] = [];
    for (let w = 0; w < W; w++) {
      const { inputs, labels } = gatherBatch(this.dataset.train, this.order, batchOffset(config.batch, b, w, W), config.batch);
      const grad = networkGradient(plan, this.theta, inputs, labels, config.batch);
      this.metrics = metricsAccumulate(this.metrics, grad.losses, grad.correct, config.batch);
      grads.push(grad.g);
      if (comps) coordinates.push(projectCPU(grad.g, comps, config.seed, config.dist, r, w));
      else sgdUpdate(this.theta, grad.g, config.lr);
    }
    if (comps) this.theta = updateCPU(this.theta, coordinates, comps, config.seed, config.dist, r, config.lr) as Float64Array<ArrayBuffer>;
    this.lastGrads = grads;
    this.lastCoordinates = coordinates;
  }

  /** Trainer's probe on the CPU, at the call: the sums are of θ and the step as they stand now. */
  protected measure(taken: TakenStep): Promise<DiagnosticSums> {
    const { config, comps, plan } = this;
    const basis = comps && { compartments: comps, seed: config.seed, dist: config.dist, r: taken.r, workers: config.workers };
    this.probe ??= probeSet(this.dataset.train, probeCount(this.dataset.train.count));
    return Promise.resolve({ step: stepSums(this.lastGrads, this.lastCoordinates, basis, plan.D), probe: probeSums(plan, this.theta, this.probe, basis) });
  }

  /**
   * Mean training loss and accuracy since the last read, as the GPU accumulates them:
   * taken now (steps after this call are not in it), then returned one task later, as
   * the GPU readback is. The worker's loop awaits it between turns, and a pause or live
   * change can only arrive in a new task.
   */
  async readTrainMetrics(): Promise<NetworkMetrics> {
    const m = this.metrics;
    this.metrics = ZERO;
    await this.settle();
    return { loss: m.samples ? m.lossSum / m.samples : 0, accuracy: m.samples ? m.correct / m.samples : 0, samples: m.samples, batches: m.batches };
  }

  /** The CPU has done its work already; yields one task, so that messages get in. */
  settle(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 0));
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

  protected applyChange(next: RunConfig, comps: Compartment[] | null): void {
    if (comps) checkCpuSize(this.plan, comps, next.workers);
  }

  protected async readState(): Promise<EngineState> {
    return { theta: Float64Array.from(this.theta), cHat: null, anchor: null, metrics: { ...this.metrics } };
  }

  protected writeState({ theta, metrics }: EngineState): void {
    // A GPU run's f32 θ would resume here as a different run, not the same one continued.
    if (!(theta instanceof Float64Array)) throw new RangeError("the checkpoint's θ is the GPU engine's (f32); this worker trains on the CPU");
    this.theta = Float64Array.from(theta);
    this.metrics = { ...metrics };
  }

  async readTheta(): Promise<Float32Array<ArrayBuffer>> {
    return Float32Array.from(this.theta);
  }

  destroy(): void {}
}

/** Refuses a model the CPU engine would take minutes a step on, naming the field to change. */
function checkCpuSize(plan: ModelPlan, comps: readonly Compartment[] | null, workers: number): void {
  const why = 'without WebGPU, training runs on the CPU, for small models only';
  if (plan.D > CPU_LIMITS.params) {
    throw new InputError('arch', `has D = ${plan.D.toLocaleString('en')} parameters; ${why} (D ≤ ${CPU_LIMITS.params.toLocaleString('en')})`);
  }
  const entries = comps ? workers * comps.reduce((s, c) => s + c.dirs * c.size, 0) : 0;
  if (entries > CPU_LIMITS.basisEntries) {
    throw new InputError('d', `needs ${entries.toLocaleString('en')} basis entries a step (W·Σ d_k·D_k); ${why} (≤ ${CPU_LIMITS.basisEntries.toLocaleString('en')}): lower d`);
  }
}
