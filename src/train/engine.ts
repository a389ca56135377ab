/**
 * The one run-engine interface: what the Web Worker's host, the CLI and the tests train
 * through, whether the numbers come from the GPU (Trainer) or from the CPU reference
 * (CpuTrainer). The shared part lives here, so both engines follow one plan: the
 * checked config, the model and compartment plan, the step counter and each step's
 * place in the data and redraw order, live changes and their log, and checkpoints.
 *
 * A run's numbers depend only on its starting config and its log of live changes
 * (docs/design.md §14). A checkpoint holds everything the next step depends on, and a
 * fresh engine restored from it replays the rest of the log at the steps where each
 * change first applied, so a restored run matches an uninterrupted one bit for bit.
 */
import type { Dataset } from '../data/dataset';
import type { ModelPlan } from '../nn/model';
import type { NetworkMetrics } from '../nn/network';
import type { MetricsSums } from '../reference/step';
import { planCompartments, totalDirs, type Compartment } from '../subspace/compartments';
import type { LiveChange, LivePatch } from '../experiment/live';
import { afterMethodChange } from '../experiment/rules';
import { normalizeRun, type RunConfig } from '../experiment/run';
import { diagnosticsFrom, probeCount, type DiagnosticSums, type Diagnostics, type TakenStep } from './diagnostics';
import type { Evaluation } from './evaluate';
import { stepPosition, type RunPlan, type StepPosition } from './run-config';

/** What the next step depends on, besides the starting config (docs/design.md §14). */
export interface Checkpoint {
  step: number;
  /** θ: f32 on the GPU, f64 on the CPU engine (each restores its own kind exactly). */
  theta: Float32Array<ArrayBuffer> | Float64Array<ArrayBuffer>;
  /** fpd's ĉ [W × Σd_k] since its anchor; null where nothing keeps it (sgd, rbd, the CPU engine). */
  cHat: Float32Array<ArrayBuffer> | null;
  /** fpd's anchor θ_a, where ĉ is zero; null: θ0 from the seed, as for a run that was fpd from step 0. */
  anchor: Float32Array<ArrayBuffer> | null;
  /** The open training-metric window's accumulators. */
  metrics: MetricsSums;
  /** Every live change applied before the checkpoint, in order. */
  log: LiveChange[];
}

/** The state an engine reads and writes for a checkpoint. */
export type EngineState = Pick<Checkpoint, 'theta' | 'cHat' | 'anchor' | 'metrics'>;

export abstract class RunEngine {
  /** Steps taken so far; step t uses data epoch ⌊t / stepsPerEpoch⌋. */
  step = 0;
  /** Live changes applied so far, in order. */
  readonly log: LiveChange[] = [];
  /** Changes of a restored run's log still to replay, at their steps. */
  private scheduled: LiveChange[] = [];
  readonly plan: ModelPlan;
  readonly stepsPerEpoch: number;
  /** The config now, live changes included; the engine's checks applied. */
  config: RunConfig;
  protected comps: Compartment[] | null;
  /**
   * The step last computed by this engine, for diagnose(); null before the first, in a
   * restored engine until it steps, after a replica step, and once a live change has
   * replaced the bases (d or the distribution), whose old P is gone.
   */
  protected taken: TakenStep | null = null;
  /** The step whose redraw epoch a fixed basis uses: 0, or the step a switch to fpd made it fixed at. */
  protected fixedFrom = 0;

  /** `run` from planRun(dataset, …): an engine plans before it allocates. */
  protected constructor(readonly dataset: Dataset, run: RunPlan) {
    this.config = run.config;
    this.plan = run.plan;
    this.stepsPerEpoch = run.stepsPerEpoch;
    this.comps = run.compartments;
  }

  get epoch(): number {
    return this.step / this.stepsPerEpoch;
  }

  get compartments(): readonly Compartment[] {
    return this.comps ?? [];
  }

  /** Σ d_k, the number of trained dimensions (D for sgd). */
  get trainedDims(): number {
    return this.comps ? totalDirs(this.comps) : this.plan.D;
  }

  /** GPU memory this run holds, from its own buffers (0 for the CPU engine). */
  abstract get bytes(): number;

  /** One step of every worker, then the update. Returns at once on the GPU, which runs behind. */
  runStep(): void {
    const at = this.beginStep();
    this.computeStep(at);
    this.taken = { r: at.r, lr: this.config.lr };
    this.step++;
  }

  /** Replays the changes due at this step, then says where the step falls. */
  protected beginStep(): StepPosition {
    while (this.scheduled.length && this.scheduled[0].step <= this.step) this.replay(this.scheduled.shift()!);
    return stepPosition(this.step, this.stepsPerEpoch, this.config, this.fixedFrom);
  }

  protected abstract computeStep(at: StepPosition): void;

  /**
   * Whatever a change needs that takes time (the GPU compiles a subspace when an sgd run
   * first switches to rbd or fpd); await it before setLive. Nothing changes yet.
   */
  prepare(_patch: LivePatch): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Applies a change from the next step on, with no reset, and logs it; throws (changing
   * nothing) if it does not fit. A method switch keeps η unless the change sets it.
   */
  setLive(patch: LivePatch): void {
    const applied = this.apply(patch, this.step);
    if (Object.keys(applied).length) this.log.push({ step: this.step, patch: applied });
  }

  /** Applies a logged change again, under its first step. */
  private replay(change: LiveChange): void {
    this.apply(change.patch, change.step);
    this.log.push({ step: change.step, patch: { ...change.patch } });
  }

  private apply(patch: LivePatch, at: number): LivePatch {
    const change = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as LivePatch;
    const was = this.config;
    const next = normalizeRun(afterMethodChange(was, { ...was, ...change }, Object.keys(change)));
    // New compartments where the subspace starts (from sgd) or d changes; none for sgd.
    const subspace = next.method !== 'sgd';
    const comps = subspace && (!this.comps || next.d !== was.d) ? planCompartments(this.plan, next.compartments, next.alloc, next.d) : null;
    const fixedNow = next.redraw === 'never' && was.redraw !== 'never';
    this.applyChange(next, comps, { at, anchor: fixedNow && next.method === 'fpd' && at > 0 });
    if (comps || next.dist !== was.dist || next.method !== was.method) this.taken = null;
    this.comps = subspace ? comps ?? this.comps : null;
    if (fixedNow) this.fixedFrom = at;
    this.config = next;
    return change;
  }

  /**
   * Makes the compute side follow a checked change: new compartments when d changed or
   * the subspace starts; with `anchor`, an fpd run starting mid-run anchors at θ now,
   * with ĉ = 0. Must throw before changing anything.
   */
  protected abstract applyChange(next: RunConfig, comps: Compartment[] | null, fix: { at: number; anchor: boolean }): void;

  /**
   * The diagnostics of docs/design.md §11 for the step just taken, with its bases: ρ_G over
   * the probe set, the minibatch ρ, the step lengths and the effective step scales. The
   * work is queued now, behind that step and before any later one (as readTrainMetrics),
   * and read back once; it changes no training number. Null where there is no step to
   * diagnose (see `taken`).
   */
  diagnose(): Promise<Diagnostics | null> {
    const taken = this.taken;
    if (!taken) return Promise.resolve(null);
    const step = this.step, comps = this.comps;
    return this.measure(taken).then((sums) => diagnosticsFrom(step, taken, comps, sums, probeCount(this.dataset.train.count)));
  }

  /** The sums of diagnose(), queued before this returns; `taken` is the step just taken, with the current bases. */
  protected abstract measure(taken: TakenStep): Promise<DiagnosticSums>;

  /** Mean training loss and accuracy of the steps taken since the last read (steps after the call are not in it). */
  abstract readTrainMetrics(): Promise<NetworkMetrics>;
  /** Resolves once the work of every step taken so far is done (what a scheduler times). */
  abstract settle(): Promise<void>;
  /** Loss, accuracy, predictions and confusion matrix on the test split. */
  abstract evaluate(): Promise<Evaluation>;
  /** θ as f32 (checkpoints are richer: see checkpoint()). */
  abstract readTheta(): Promise<Float32Array<ArrayBuffer>>;
  abstract destroy(): void;

  /** Reads θ, ĉ and the metric window as they stand after every step taken so far. */
  protected abstract readState(): Promise<EngineState>;
  protected abstract writeState(state: EngineState): void;

  /** Everything the next step depends on, as of now (later steps do not leak in). */
  async checkpoint(): Promise<Checkpoint> {
    const step = this.step, log = [...this.log];
    const state = await this.readState();
    return { step, ...state, log };
  }

  /**
   * Resumes a fresh engine (built from the run's starting config) from a checkpoint:
   * its log is applied first, then θ, ĉ and the metric window are written. `later` are
   * changes logged after the checkpoint (or since the start, with none), replayed at
   * their steps.
   */
  async restore(checkpoint: Checkpoint | null, later: readonly LiveChange[] = []): Promise<void> {
    if (this.step !== 0 || this.log.length) throw new Error('restore needs a fresh engine');
    for (const c of [...(checkpoint?.log ?? []), ...later]) await this.prepare(c.patch);
    if (checkpoint) {
      if (checkpoint.theta.length !== this.plan.D) throw new RangeError(`checkpoint has ${checkpoint.theta.length} parameters, the model has ${this.plan.D}`);
      checkpoint.log.forEach((c) => this.replay(c));
      this.writeState(checkpoint);
      this.step = checkpoint.step;
    }
    this.scheduled = [...later];
  }
}
