/**
 * One training run on the GPU. A step is ONE queue.submit: for each worker the batch
 * gather, forward, backward and (rbd/fpd) project; then the update. Nothing is read
 * back per step: loss and accuracy accumulate on the GPU and are read with
 * readTrainMetrics every N steps. Used by the CLI, the Web Worker and the tests.
 */
import { createBuffer, readBuffer, readF32 } from '../engine/buffers';
import { InputError } from '../engine/errors';
import type { Dataset } from '../data/dataset';
import { createGather, recordGather, uploadDataset, writeEpochOrder, type GatherState, type GpuSplit } from '../data/gpu';
import { batchOffset, epochOrder } from '../data/order';
import { createNetwork, type Network, type NetworkMetrics } from '../nn/network';
import type { Compartment } from '../subspace/compartments';
import { createSubspace, type Subspace } from '../subspace/gpu';
import type { Transport } from '../subspace/transport';
import type { RunConfig } from '../experiment/run';
import type { DiagnosticSums, TakenStep } from './diagnostics';
import { RunEngine, type EngineState } from './engine';
import { Evaluator, type Evaluation } from './evaluate';
import { GpuProbe } from './probe';
import { planRun, type RunPlan, type StepPosition } from './run-config';

/** What a Trainer allocates on the GPU. */
interface Parts {
  network: Network;
  train: GpuSplit;
  test: GpuSplit;
  gathers: GatherState[];
  subspace: Subspace | null;
  /** [W × D] gradients for W > 1; worker 0 alone projects straight from network.grad. */
  grads: GPUBuffer | null;
  /** diagnose()'s probe (./probe.ts). */
  probe: GpuProbe;
}

export class Trainer extends RunEngine {
  private orderEpoch = -1;
  private evaluator: Promise<Evaluator> | null = null;
  /** The evaluator once built, for its bytes (it grows a uniform on its first run). */
  private evaluatorBuilt: Evaluator | null = null;
  readonly network: Network;
  readonly train: GpuSplit;
  readonly test: GpuSplit;
  readonly subspace: Subspace | null;
  private readonly gathers: GatherState[];
  private readonly grads: GPUBuffer | null;
  private readonly probe: GpuProbe;

  private constructor(readonly device: GPUDevice, dataset: Dataset, run: RunPlan, parts: Parts) {
    super(dataset, run);
    ({ network: this.network, train: this.train, test: this.test, gathers: this.gathers, subspace: this.subspace, grads: this.grads, probe: this.probe } = parts);
  }

  static async create(device: GPUDevice, dataset: Dataset, config: RunConfig): Promise<Trainer> {
    const run = planRun(dataset, config);
    const { plan, compartments } = run, c = run.config;
    const made: { destroy(): void }[] = [];
    try {
      const network = await createNetwork(device, plan, c.batch, { label: 'train' });
      made.push(network);
      const train = uploadDataset(device, dataset.train, 'train');
      made.push(train);
      const test = uploadDataset(device, dataset.test, 'test');
      made.push(test);
      const gathers = await Promise.all(Array.from({ length: c.workers }, (_, w) => createGather(device, train, c.batch, `train.gather${w}`)));
      let subspace: Subspace | null = null, grads: GPUBuffer | null = null;
      if (compartments) {
        // Only fpd reads ĉ (θ = θ0 + Pĉ while the basis is fixed); rbd skips its accumulation.
        subspace = await createSubspace(device, { D: plan.D, compartments, workers: c.workers, seed: c.seed, dist: c.dist, keepCHat: c.method === 'fpd' });
        made.push(subspace);
        if (c.workers > 1) made.push((grads = createBuffer(device, 'train.workerGrads', c.workers * plan.D * 4)));
      }
      const ranges = (compartments ?? [{ start: 0, end: plan.D }]).map((k) => [k.start, k.end] as const);
      const probe = await GpuProbe.create(device, network, train, c.workers, ranges);
      made.push(probe);
      network.setLearningRate(c.lr);
      const encoder = device.createCommandEncoder({ label: 'train.init' });
      network.recordInit(encoder, c.seed);
      device.queue.submit([encoder.finish()]);
      return new Trainer(device, dataset, run, { network, train, test, gathers, subspace, grads, probe });
    } catch (e) {
      made.forEach((m) => m.destroy());
      throw e;
    }
  }

  get bytes(): number {
    const parts = [this.network.bytes, this.train.bytes, this.test.bytes, this.subspace?.bytes ?? 0, this.grads?.size ?? 0, this.evaluatorBuilt?.bytes ?? 0, this.probe.bytes];
    return parts.reduce((s, b) => s + b, 0) + this.gathers.reduce((s, g) => s + g.bytes, 0);
  }

  /** Uploads a new data epoch's order when the step enters one. */
  private orderFor(epoch: number): void {
    if (epoch === this.orderEpoch) return;
    writeEpochOrder(this.device, this.train, epochOrder(this.train.count, this.config.seed, epoch));
    this.orderEpoch = epoch;
  }

  /** Gather, forward, metrics and backward of worker w's batch b. */
  private recordWorker(pass: GPUComputePassEncoder, w: number, b: number): void {
    const { config, network } = this;
    recordGather(pass, this.gathers[w], network.input, network.labels, batchOffset(config.batch, b, w, config.workers));
    network.recordForward(pass);
    network.recordMetrics(pass);
    network.recordBackward(pass);
  }

  protected computeStep({ epoch, b, r }: StepPosition): void {
    const { device, config, network, subspace, grads } = this;
    const D = this.plan.D;
    this.orderFor(epoch);
    const encoder = device.createCommandEncoder({ label: `train.step${this.step}` });
    let pass = encoder.beginComputePass({ label: 'train.step.pass' });
    for (let w = 0; w < config.workers; w++) {
      this.recordWorker(pass, w, b);
      if (grads) {
        // Worker w's gradient moves to its slot of [W × D]; copies sit between passes.
        pass.end();
        encoder.copyBufferToBuffer(network.grad, 0, grads, w * D * 4, D * 4);
        pass = encoder.beginComputePass({ label: 'train.step.pass' });
      }
    }
    if (subspace) {
      subspace.recordProject(pass, grads ?? network.grad, r);
      subspace.recordUpdate(pass, network.theta, config.lr, r);
    } else {
      network.recordSgd(pass);
    }
    pass.end();
    device.queue.submit([encoder.finish()]);
  }

  /**
   * One step as worker `worker` of W apart (another tab or machine with the same seed):
   * it computes only its own coordinates, sends those Σd_k numbers through `transport`,
   * and applies the update from every worker's coordinates. Reads back once per step,
   * which is the cost of being apart; in-process workers use runStep instead.
   */
  async runReplicaStep(worker: number, transport: Transport): Promise<void> {
    const { device, config, network, subspace, grads } = this;
    if (!subspace || !grads) throw new InputError('workers', 'replica steps need method rbd or fpd with workers > 1');
    const W = config.workers, D = this.plan.D;
    const { epoch, b, r } = this.beginStep();
    this.orderFor(epoch);
    const encoder = device.createCommandEncoder({ label: `replica${worker}.step${this.step}` });
    let pass = encoder.beginComputePass();
    this.recordWorker(pass, worker, b);
    pass.end();
    // Only this worker's slot of [W × D] is ever written; the others stay zero.
    encoder.copyBufferToBuffer(network.grad, 0, grads, worker * D * 4, D * 4);
    pass = encoder.beginComputePass();
    subspace.recordProject(pass, grads, r);
    pass.end();
    device.queue.submit([encoder.finish()]);
    const dirs = subspace.dirs;
    const mine = await readF32(device, subspace.coordinates, W * dirs);
    const all = await transport.exchange(worker, mine.slice(worker * dirs, (worker + 1) * dirs));
    device.queue.writeBuffer(subspace.coordinates, 0, new Float32Array(all));
    const update = device.createCommandEncoder({ label: `replica${worker}.update${this.step}` });
    pass = update.beginComputePass();
    subspace.recordUpdate(pass, network.theta, config.lr, r);
    pass.end();
    device.queue.submit([update.finish()]);
    this.step++;
    this.taken = null; // a replica holds only its own gradient, not g = Σ_w g_w
  }

  protected measure(taken: TakenStep): Promise<DiagnosticSums> {
    return this.probe.measure(this.subspace, this.grads ?? this.network.grad, taken.r);
  }

  readTrainMetrics(): Promise<NetworkMetrics> {
    return this.network.readMetrics();
  }

  settle(): Promise<void> {
    return this.device.queue.onSubmittedWorkDone();
  }

  /** In large GPU batches that share θ; the evaluator is built at the first call. */
  async evaluate(): Promise<Evaluation> {
    this.evaluator ??= Evaluator.create(this.device, this.plan, this.network.theta, this.test, this.dataset.test.labels).then((e) => {
      this.evaluatorBuilt = e;
      return e;
    });
    return (await this.evaluator).run();
  }

  protected applyChange(next: RunConfig, comps: Compartment[] | null): void {
    if (this.subspace && (comps || next.dist !== this.config.dist)) this.subspace.setLive({ compartments: comps ?? undefined, dist: next.dist });
    if (next.lr !== this.config.lr) this.network.setLearningRate(next.lr);
  }

  protected async readState(): Promise<EngineState> {
    // Each read is queued now, behind every step already submitted and before any later one.
    const cHat = this.subspace && this.config.method === 'fpd' ? readF32(this.device, this.subspace.cHat, this.config.workers * this.subspace.dirs) : null;
    const [theta, window] = await Promise.all([this.readTheta(), readBuffer(this.device, this.network.metrics, 16)]);
    const f = new Float32Array(window), u = new Uint32Array(window);
    return { theta, cHat: cHat && (await cHat), metrics: { lossSum: f[0], correct: u[1], samples: u[2], batches: u[3] } };
  }

  protected writeState({ theta, cHat, metrics }: EngineState): void {
    const q = this.device.queue;
    q.writeBuffer(this.network.theta, 0, Float32Array.from(theta));
    if (cHat && this.subspace) q.writeBuffer(this.subspace.cHat, 0, cHat);
    const window = new ArrayBuffer(16);
    new Float32Array(window, 0, 1)[0] = metrics.lossSum;
    new Uint32Array(window).set([metrics.correct, metrics.samples, metrics.batches], 1);
    q.writeBuffer(this.network.metrics, 0, window);
  }

  readTheta(): Promise<Float32Array<ArrayBuffer>> {
    return readF32(this.device, this.network.theta, this.plan.D);
  }

  destroy(): void {
    if (this.evaluatorBuilt) this.evaluatorBuilt.destroy();
    else this.evaluator?.then((e) => e.destroy(), () => {}); // still being built
    this.network.destroy();
    this.gathers.forEach((g) => g.destroy());
    this.train.destroy();
    this.test.destroy();
    this.subspace?.destroy();
    this.grads?.destroy();
    this.probe.destroy();
  }
}
