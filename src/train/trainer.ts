/**
 * One training run on the GPU. A step is ONE queue.submit: for each worker the batch
 * gather, forward, backward and (rbd/fpd) project; then the update. Nothing is read
 * back per step: loss and accuracy accumulate on the GPU and are read with
 * readTrainMetrics every N steps. Used by the CLI, the Web Worker and the tests.
 */
import { createBuffer, readF32 } from '../engine/buffers';
import { InputError } from '../engine/errors';
import type { Dataset } from '../data/dataset';
import { createGather, recordGather, uploadDataset, writeEpochOrder, type GatherState, type GpuSplit } from '../data/gpu';
import { batchOffset, epochOrder } from '../data/order';
import { createNetwork, type Network, type NetworkMetrics } from '../nn/network';
import type { ModelPlan } from '../nn/model';
import { planCompartments, type Compartment } from '../subspace/compartments';
import { createSubspace, type Subspace } from '../subspace/gpu';
import type { Transport } from '../subspace/transport';
import { checkRunConfig, definedFields, planRun, stepPosition, type RunConfig } from './run-config';
import { Evaluator, type Evaluation } from './evaluate';

/** What may change between any two steps (DESIGN.md §1.4). */
export interface LivePatch {
  d?: number;
  redrawEvery?: RunConfig['redrawEvery'];
  dist?: RunConfig['dist'];
  lr?: number;
}

export class Trainer {
  /** Steps taken so far; step t uses epoch ⌊t / stepsPerEpoch⌋ of the data order. */
  step = 0;
  private orderEpoch = -1;
  private evaluator: Promise<Evaluator> | null = null;

  private constructor(
    readonly device: GPUDevice,
    readonly dataset: Dataset,
    readonly config: RunConfig,
    readonly plan: ModelPlan,
    readonly network: Network,
    readonly train: GpuSplit,
    readonly test: GpuSplit,
    private readonly gathers: GatherState[],
    readonly subspace: Subspace | null,
    /** [W × D] gradients for W > 1; worker 0 alone projects straight from network.grad. */
    private readonly grads: GPUBuffer | null,
    readonly stepsPerEpoch: number,
  ) {}

  static async create(device: GPUDevice, dataset: Dataset, config: RunConfig): Promise<Trainer> {
    const { plan, stepsPerEpoch: perEpoch, compartments } = planRun(dataset, config);
    const made: { destroy(): void }[] = [];
    try {
      const network = await createNetwork(device, plan, config.batch, { label: 'train' });
      made.push(network);
      const train = uploadDataset(device, dataset.train, 'train');
      made.push(train);
      const test = uploadDataset(device, dataset.test, 'test');
      made.push(test);
      const gathers = await Promise.all(Array.from({ length: config.workers }, (_, w) => createGather(device, train, config.batch, `train.gather${w}`)));
      let subspace: Subspace | null = null, grads: GPUBuffer | null = null;
      if (compartments) {
        subspace = await createSubspace(device, { D: plan.D, compartments, workers: config.workers, seed: config.seed, dist: config.dist });
        made.push(subspace);
        if (config.workers > 1) made.push((grads = createBuffer(device, 'train.workerGrads', config.workers * plan.D * 4)));
      }
      network.setLearningRate(config.lr);
      const encoder = device.createCommandEncoder({ label: 'train.init' });
      network.recordInit(encoder, config.seed);
      device.queue.submit([encoder.finish()]);
      return new Trainer(device, dataset, { ...config }, plan, network, train, test, gathers, subspace, grads, perEpoch);
    } catch (e) {
      made.forEach((m) => m.destroy());
      throw e;
    }
  }

  get epoch(): number {
    return this.step / this.stepsPerEpoch;
  }

  get compartments(): readonly Compartment[] {
    return this.subspace?.compartments ?? [];
  }

  /** Σ d_k, the number of trained dimensions (D for sgd). */
  get trainedDims(): number {
    return this.subspace?.dirs ?? this.plan.D;
  }

  /** The step's batch index b in its epoch and redraw epoch r; uploads a new epoch's order. */
  private prepareStep(): { b: number; r: number } {
    const { epoch, b, r } = stepPosition(this.step, this.stepsPerEpoch, this.config);
    if (epoch !== this.orderEpoch) {
      writeEpochOrder(this.device, this.train, epochOrder(this.train.count, this.config.seed, epoch));
      this.orderEpoch = epoch;
    }
    return { b, r };
  }

  /** Records and submits one step. Returns at once; the GPU runs behind. */
  runStep(): void {
    const { device, config, network, subspace, grads } = this;
    const W = config.workers, D = this.plan.D;
    const { b, r } = this.prepareStep();
    const encoder = device.createCommandEncoder({ label: `train.step${this.step}` });
    let pass = encoder.beginComputePass({ label: 'train.step.pass' });
    for (let w = 0; w < W; w++) {
      recordGather(pass, this.gathers[w], network.input, network.labels, batchOffset(config.batch, b, w, W));
      network.recordForward(pass);
      network.recordMetrics(pass);
      network.recordBackward(pass);
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
    this.step++;
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
    const { b, r } = this.prepareStep();
    const encoder = device.createCommandEncoder({ label: `replica${worker}.step${this.step}` });
    let pass = encoder.beginComputePass();
    recordGather(pass, this.gathers[worker], network.input, network.labels, batchOffset(config.batch, b, worker, W));
    network.recordForward(pass);
    network.recordMetrics(pass);
    network.recordBackward(pass);
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
  }

  /** Mean training loss and accuracy since the last read (waits for the GPU). */
  readTrainMetrics(): Promise<NetworkMetrics> {
    return this.network.readMetrics();
  }

  /** Loss, accuracy, predictions and confusion matrix on the test split, in large GPU batches. */
  async evaluate(): Promise<Evaluation> {
    this.evaluator ??= Evaluator.create(this.device, this.plan, this.network.theta, this.test, this.dataset.test.labels);
    return (await this.evaluator).run();
  }

  /** Applies a live change from the next step on, with no reset. */
  setLive(change: LivePatch): void {
    // Fields left undefined keep their value.
    const patch = definedFields(change);
    const next = { ...this.config, ...patch };
    checkRunConfig(next);
    if (patch.lr !== undefined) this.network.setLearningRate(patch.lr);
    if (this.subspace && (patch.d !== undefined || patch.dist !== undefined)) {
      const compartments = patch.d !== undefined && patch.d !== this.config.d
        ? planCompartments(this.plan, next.compartments, next.alloc, next.d) : undefined;
      this.subspace.setLive({ compartments, dist: patch.dist });
    }
    Object.assign(this.config, patch);
  }

  /** Resumes from a checkpoint (θ at `step`), e.g. after the GPU device was lost. */
  loadCheckpoint(theta: Float32Array<ArrayBuffer>, step: number): void {
    if (theta.length !== this.plan.D) throw new RangeError(`checkpoint has ${theta.length} parameters, the model has ${this.plan.D}`);
    this.device.queue.writeBuffer(this.network.theta, 0, theta);
    this.step = step;
  }

  /** Copies θ back (checkpoints, tests). */
  readTheta(): Promise<Float32Array<ArrayBuffer>> {
    return readF32(this.device, this.network.theta, this.plan.D);
  }

  destroy(): void {
    this.evaluator?.then((e) => e.destroy(), () => {});
    this.network.destroy();
    this.train.destroy();
    this.test.destroy();
    this.subspace?.destroy();
    this.grads?.destroy();
  }
}
