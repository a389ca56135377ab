/**
 * The GPU side of diagnose() (docs/design.md §11) for a Trainer. Everything is recorded when
 * it is called, in two submits, and read back once:
 * 1. the step just taken: u = Σ_w P_w c_w from the coordinates still in the subspace
 *    (recordUpdate into a zeroed scratch with η = −1), against g = Σ_w g_w, still in the
 *    trainer's gradient buffer;
 * 2. the probe: G = ∇L(θ) over the first M training samples, then u_G = Σ_w P_w P_wᵀ G
 *    (recordProject with G in every worker's slot, recordUpdate as above), against G.
 * Two submits, because a Subspace writes its uniforms while recording (one project and
 * one update per submit), and so does the Correlation.
 *
 * The probe set goes through the trainer's own network, in batches of its B, each gradient
 * added into G with weight count/M (sgd_update with η = −count/M). A network of batch M
 * would cost a second set of activations (at M = 1000, about 0.5 GB for the paper's CNN on
 * MNIST) and an asynchronous build at the first call, which would let later steps run
 * before the probe. The network buffers it overwrites (the batch, activations, g) and the
 * coordinates are rewritten by the next step before that step reads them; θ, ĉ and the
 * metric window it never writes (recordUpdate without ĉ, no recordMetrics).
 */
import { createBuffer, readF32, uploadBuffer, UNIFORM } from '../engine/buffers';
import type { Kernel } from '../engine/kernel';
import { createGather, recordGather, type GatherState, type GpuSplit } from '../data/gpu';
import { dispatchThreads, loadStepKernels } from '../nn/kernels';
import type { Network } from '../nn/network';
import { createCorrelation, type Correlation, type Ranges } from '../subspace/correlation';
import type { Subspace } from '../subspace/gpu';
import { probeCount, type DiagnosticSums } from './diagnostics';

/** One batch of the probe set: its gather and the weight of its gradient in G. */
interface ProbeBatch {
  gather: GatherState;
  offset: number;
  /** Uniform: η = −count/M, so that sgd_update adds (count/M)·g to G. */
  rate: GPUBuffer;
}

/** G, u and the replicated G of W > 1 workers: allocated at the first call, so a run never diagnosed holds only the small tables. */
interface Scratch {
  /** [D]: G, the probe's mean gradient. */
  probeGrad: GPUBuffer;
  /** [D]: u or u_G, applied into zeros. */
  direction: GPUBuffer;
  /** [W × D]: G in every worker's slot (W > 1), for recordProject. */
  replicated: GPUBuffer | null;
  /** sgd_update's bind group of each batch's rate: G −= rate·g. */
  accumulate: Map<GPUBuffer, GPUBindGroup>;
}

export class GpuProbe {
  private scratch: Scratch | null = null;

  private constructor(
    private readonly device: GPUDevice,
    private readonly network: Network,
    private readonly workers: number,
    /** M: the probe's samples. */
    readonly samples: number,
    private readonly split: GpuSplit,
    private readonly batches: ProbeBatch[],
    private readonly sgd: Kernel,
    private readonly sgdParams: GPUBuffer,
    private readonly correlation: Correlation,
  ) {}

  /** A probe over the first M samples of `train` for `network` (the trainer's), summing over the compartments `ranges`. */
  static async create(device: GPUDevice, network: Network, train: GpuSplit, workers: number, ranges: Ranges): Promise<GpuProbe> {
    const M = probeCount(train.count), B = network.batch, D = network.plan.D;
    // The first M samples in file order: a view of the uploaded split with its own order.
    const order = uploadBuffer(device, 'probe.order', Uint32Array.from({ length: M }, (_, n) => n));
    const split: GpuSplit = { ...train, label: 'probe', count: M, order, bytes: order.size, destroy: () => order.destroy() };
    const rates = new Map<number, GPUBuffer>();
    const rate = (count: number) => {
      let r = rates.get(count);
      if (!r) rates.set(count, (r = uploadBuffer(device, `probe.rate${count}`, Float32Array.of(-count / M, 0, 0, 0), UNIFORM)));
      return r;
    };
    const batches: ProbeBatch[] = [];
    for (let offset = 0; offset < M; offset += B) {
      const count = Math.min(B, M - offset);
      batches.push({ gather: await createGather(device, split, count, `probe.gather${offset / B}`), offset, rate: rate(count) });
    }
    const { sgdUpdate } = await loadStepKernels(device);
    const sgdParams = uploadBuffer(device, 'probe.accumulate.params', Uint32Array.of(D, 0, 0, 0), UNIFORM);
    const correlation = await createCorrelation(device, D, ranges, 2);
    return new GpuProbe(device, network, workers, M, split, batches, sgdUpdate, sgdParams, correlation);
  }

  /** Bytes of every buffer it holds; the scratch vectors count from the first call. */
  get bytes(): number {
    const rates = new Set(this.batches.map((b) => b.rate));
    const s = this.scratch, vectors = s ? s.probeGrad.size + s.direction.size + (s.replicated?.size ?? 0) : 0;
    return this.split.bytes + this.sgdParams.size + this.correlation.bytes + vectors
      + this.batches.reduce((sum, b) => sum + b.gather.bytes, 0) + [...rates].reduce((sum, r) => sum + r.size, 0);
  }

  private allocate(): Scratch {
    const { device, workers } = this, D = this.network.plan.D;
    return (this.scratch ??= {
      probeGrad: createBuffer(device, 'probe.grad', D * 4),
      direction: createBuffer(device, 'probe.direction', D * 4),
      replicated: workers > 1 ? createBuffer(device, 'probe.replicated', workers * D * 4) : null,
      accumulate: new Map(),
    });
  }

  /**
   * Queues both parts now and reads the sums back once. `subspace` null: sgd, where u = g
   * and u_G = G. `stepGrads` holds the step's g_w, [W × D] (or [D] for one worker).
   */
  measure(subspace: Subspace | null, stepGrads: GPUBuffer, r: number): Promise<DiagnosticSums> {
    const { device, network, workers, correlation } = this, D = network.plan.D;
    const s = this.allocate();

    let encoder = device.createCommandEncoder({ label: 'probe.step' });
    encoder.clearBuffer(s.direction);
    let pass = encoder.beginComputePass({ label: 'probe.step.pass' });
    if (subspace) subspace.recordUpdate(pass, s.direction, -1, r, false); // direction = Σ_w P_w c_w = u
    correlation.record(pass, subspace ? s.direction : stepGrads, stepGrads, subspace ? workers : 1, 0);
    pass.end();
    device.queue.submit([encoder.finish()]);

    encoder = device.createCommandEncoder({ label: 'probe.gradient' });
    encoder.clearBuffer(s.probeGrad);
    pass = encoder.beginComputePass({ label: 'probe.gradient.pass' });
    for (const b of this.batches) {
      recordGather(pass, b.gather, network.input, network.labels, b.offset);
      network.recordForward(pass, b.gather.batch);
      network.recordBackward(pass);
      let group = s.accumulate.get(b.rate);
      if (!group) s.accumulate.set(b.rate, (group = this.sgd.bind([this.sgdParams, b.rate, s.probeGrad, network.grad], 'probe.accumulate')));
      dispatchThreads(device, pass, this.sgd, group, D);
    }
    pass.end();
    if (s.replicated) for (let w = 0; w < workers; w++) encoder.copyBufferToBuffer(s.probeGrad, 0, s.replicated, w * D * 4, D * 4);
    encoder.clearBuffer(s.direction);
    pass = encoder.beginComputePass({ label: 'probe.project.pass' });
    if (subspace) {
      subspace.recordProject(pass, s.replicated ?? s.probeGrad, r);
      subspace.recordUpdate(pass, s.direction, -1, r, false); // direction = Σ_w P_w P_wᵀ G = u_G
    }
    correlation.record(pass, subspace ? s.direction : s.probeGrad, s.probeGrad, 1, 1);
    pass.end();
    device.queue.submit([encoder.finish()]);

    const K = correlation.compartments;
    return readF32(device, correlation.sums, 2 * K * 3).then((sums) => ({ step: sums.subarray(0, 3 * K), probe: sums.subarray(3 * K) }));
  }

  destroy(): void {
    const s = this.scratch;
    [s?.probeGrad, s?.direction, s?.replicated, this.sgdParams, ...new Set(this.batches.map((b) => b.rate))].forEach((b) => b?.destroy());
    this.batches.forEach((b) => b.gather.destroy());
    this.split.destroy();
    this.correlation.destroy();
  }
}
