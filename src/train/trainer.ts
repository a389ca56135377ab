/**
 * One training run on the GPU. A step is ONE queue.submit: for each worker the batch
 * gather, forward, backward and (rbd/fpd) project; then the update. Nothing is read
 * back per step: loss and accuracy accumulate on the GPU and are read with
 * readTrainMetrics every N steps. Used by the CLI, the Web Worker and the tests.
 */
import { createBuffer, readF32 } from '../engine/buffers';
import { InputError } from '../engine/errors';
import type { Dataset } from '../data/dataset';
import { recordGather, writeEpochOrder, type GatherState, type GpuSplit } from '../data/gpu';
import { batchOffset, epochOrder } from '../data/order';
import type { Network, NetworkMetrics } from '../nn/network';
import { planCompartments, type Compartment } from '../subspace/compartments';
import type { Subspace } from '../subspace/gpu';
import type { Transport } from '../subspace/transport';
import type { LivePatch } from '../experiment/live';
import type { RunConfig } from '../experiment/run';
import type { DiagnosticSums, TakenStep } from './diagnostics';
import { RunEngine, type EngineState } from './engine';
import { Evaluator, type Evaluation } from './evaluate';
import { readGpuState, writeGpuState, type StateBuffers } from './gpu-state';
import { GpuProbe } from './probe';
import { planRun, type RunPlan, type StepPosition } from './run-config';
import { buildParts, newSubspace, rangesOf, type Parts } from './trainer-parts';

export class Trainer extends RunEngine {
  private orderEpoch = -1;
  private evaluator: Promise<Evaluator> | null = null;
  /** The evaluator once built, for its bytes (it grows a uniform on its first run). */
  private evaluatorBuilt: Evaluator | null = null;
  readonly network: Network;
  readonly train: GpuSplit;
  readonly test: GpuSplit;
  /** rbd and fpd's subspace; built at the start, or by prepare() when an sgd run first switches; kept from then on. */
  subspace: Subspace | null;
  /** fpd's anchor θ_a where a switch to fpd started it mid-run (θ = θ_a + Pĉ); null: θ0 from the seed. */
  anchor: GPUBuffer | null = null;
  private readonly gathers: GatherState[];
  private readonly grads: GPUBuffer | null;
  private probe: GpuProbe;
  /** A subspace and probe that prepare() built for a switch from sgd, until setLive puts them in. */
  private prepared: { subspace: Subspace; probe: GpuProbe } | null = null;

  private constructor(readonly device: GPUDevice, dataset: Dataset, run: RunPlan, parts: Parts) {
    super(dataset, run);
    ({ network: this.network, train: this.train, test: this.test, gathers: this.gathers, subspace: this.subspace, grads: this.grads, probe: this.probe } = parts);
  }

  static async create(device: GPUDevice, dataset: Dataset, config: RunConfig): Promise<Trainer> {
    const run = planRun(dataset, config);
    return new Trainer(device, dataset, run, await buildParts(device, dataset, run));
  }

  get bytes(): number {
    const parts = [this.network.bytes, this.train.bytes, this.test.bytes, this.subspace?.bytes ?? 0, this.grads?.size ?? 0, this.evaluatorBuilt?.bytes ?? 0,
      this.probe.bytes, this.anchor?.size ?? 0, (this.prepared?.subspace.bytes ?? 0) + (this.prepared?.probe.bytes ?? 0)];
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
    if (subspace && config.method !== 'sgd') {
      subspace.recordProject(pass, grads ?? network.grad, r);
      // Only fpd reads ĉ (θ = θ_a + Pĉ while the basis is fixed); rbd skips its accumulation.
      subspace.recordUpdate(pass, network.theta, config.lr, r, config.method === 'fpd');
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
    subspace.recordUpdate(pass, network.theta, config.lr, r, config.method === 'fpd');
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

  /** An sgd run's first switch to rbd or fpd compiles a subspace (and a probe over its compartments). */
  override async prepare(patch: LivePatch): Promise<void> {
    if (this.subspace || this.prepared || !patch.method || patch.method === 'sgd') return;
    const c = { ...this.config, ...patch };
    const comps = planCompartments(this.plan, c.compartments, c.alloc, c.d);
    const subspace = await newSubspace(this.device, this.plan.D, c, comps);
    this.prepared = { subspace, probe: await GpuProbe.create(this.device, this.network, this.train, c.workers, rangesOf(comps)) };
  }

  protected applyChange(next: RunConfig, comps: Compartment[] | null, fix: { anchor: boolean }): void {
    if (next.method !== 'sgd' && !this.subspace) {
      if (!this.prepared) throw new Error(`switching to ${next.method} needs prepare() first`);
      this.probe.destroy();
      ({ subspace: this.subspace, probe: this.probe } = this.prepared);
      this.prepared = null;
    }
    if (this.subspace && next.method !== 'sgd') this.subspace.setLive({ compartments: comps ?? undefined, dist: next.dist });
    if (next.lr !== this.config.lr) this.network.setLearningRate(next.lr);
    if (fix.anchor && this.subspace) {
      // fpd from here: θ = θ_a + P·ĉ with the basis of this step and ĉ from zero.
      this.anchor ??= createBuffer(this.device, 'train.fpdAnchor', this.plan.D * 4);
      const encoder = this.device.createCommandEncoder({ label: 'train.anchor' });
      encoder.copyBufferToBuffer(this.network.theta, 0, this.anchor, 0, this.plan.D * 4);
      this.device.queue.submit([encoder.finish()]);
      this.subspace.resetCHat();
    }
  }

  /** The buffers of a checkpoint; ĉ only for fpd (rbd does not keep it). */
  private get state(): StateBuffers {
    const { subspace, config } = this;
    const cHat = subspace && config.method === 'fpd' ? { buffer: subspace.cHat, floats: config.workers * subspace.dirs } : null;
    return { theta: this.network.theta, metrics: this.network.metrics, cHat, anchor: this.anchor };
  }

  protected readState(): Promise<EngineState> {
    return readGpuState(this.device, this.state, this.plan.D);
  }

  protected writeState(state: EngineState): void {
    if (state.anchor) this.anchor ??= createBuffer(this.device, 'train.fpdAnchor', this.plan.D * 4);
    writeGpuState(this.device, this.state, state);
  }

  /** The redraw epoch of fpd's fixed basis (0, or the step of a switch to fpd), for exporting it. */
  get basisEpoch(): number {
    return this.fixedFrom;
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
    this.anchor?.destroy();
    this.prepared?.subspace.destroy();
    this.prepared?.probe.destroy();
  }
}

