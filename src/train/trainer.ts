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
import type { LiveChange, LivePatch } from '../experiment/live';
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

  /** `slots`: for a room member, the room's most members (trainer-parts.ts); W otherwise. */
  static async create(device: GPUDevice, dataset: Dataset, config: RunConfig, slots?: number): Promise<Trainer> {
    const run = planRun(dataset, config);
    return new Trainer(device, dataset, run, await buildParts(device, dataset, run, slots));
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

  private roomMetricsAt = -1; // the step whose loss a room member last counted

  /**
   * A room member's coordinates (room/member.ts): its one gradient, on the batch at
   * `offset` of data epoch `epoch` that the room's log gave it, projected on its own
   * directions (member id in the counter). θ and the step stay as they are until
   * roomUpdate. Reads back Σd_k numbers, which is the cost of being apart.
   */
  async roomCoordinates(member: number, epoch: number, offset: number): Promise<Float32Array> {
    const { device, network, subspace } = this;
    if (!subspace) throw new InputError('method', 'a room trains in a subspace: sgd has no coordinates to exchange');
    const { r } = this.beginStep();
    this.orderFor(epoch);
    const encoder = device.createCommandEncoder({ label: `room${member}.step${this.step}` });
    const pass = encoder.beginComputePass();
    recordGather(pass, this.gathers[0], network.input, network.labels, offset);
    network.recordForward(pass);
    // A restarted round computes the step again on its new batch: its loss counts once, the first time.
    if (this.roomMetricsAt !== this.step) network.recordMetrics(pass);
    this.roomMetricsAt = this.step;
    network.recordBackward(pass);
    subspace.recordProject(pass, network.grad, r, [member]);
    pass.end();
    device.queue.submit([encoder.finish()]);
    return readF32(device, subspace.coordinates, subspace.dirs);
  }

  /** A room's update of this step: θ −= η Σ_k rows[k]·φ_{members[k]}, members ascending (§13). */
  roomUpdate(members: readonly number[], rows: readonly Float32Array[]): void {
    const { device, config, network, subspace } = this;
    if (!subspace) throw new InputError('method', 'a room trains in a subspace: sgd has no coordinates to exchange');
    const dirs = subspace.dirs;
    if (rows.length !== members.length || rows.some((row) => row.length !== dirs)) throw new InputError('coordinates', `a room update needs ${members.length} rows of Σd_k = ${dirs}`);
    const all = new Float32Array(members.length * dirs);
    rows.forEach((row, k) => all.set(row, k * dirs));
    const { r } = this.beginStep();
    device.queue.writeBuffer(subspace.coordinates, 0, all);
    const encoder = device.createCommandEncoder({ label: `room.update${this.step}` });
    const pass = encoder.beginComputePass();
    // No ĉ: its rows are slots, whose members change; θ itself is exact.
    subspace.recordUpdate(pass, network.theta, config.lr, r, false, members);
    pass.end();
    device.queue.submit([encoder.finish()]);
    this.step++;
    this.taken = null; // a member holds only its own gradient, not g = Σ_m g_m
  }

  /** A fresh member takes the room's θ after `step` steps, and the live changes before and after it. */
  restoreRoom(step: number, theta: Float32Array, applied: readonly LiveChange[], later: readonly LiveChange[]): Promise<void> {
    const metrics = { lossSum: 0, correct: 0, samples: 0, batches: 0 };
    return this.restore({ step, theta: new Float32Array(theta), cHat: null, anchor: null, metrics, log: [...applied] }, later);
  }

  /** A room member's θ, overwritten at the current step by the reference's snapshot (room/member.ts resync). */
  writeTheta(theta: Float32Array): void {
    if (theta.length !== this.plan.D) throw new RangeError(`a snapshot of ${theta.length} parameters for a model of ${this.plan.D}`);
    this.device.queue.writeBuffer(this.network.theta, 0, new Float32Array(theta));
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

