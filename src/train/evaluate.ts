/**
 * Evaluation on a whole split, on the GPU, in large batches that share the trainer's θ.
 * One submit per batch (each gather's offset is a uniform); the logits of every batch
 * are copied into one buffer and read back once, for the confusion matrix.
 */
import { createBuffer, readF32 } from '../engine/buffers';
import { createGather, recordGather, writeEpochOrder, type GatherState, type GpuSplit } from '../data/gpu';
import { createNetwork, type Network } from '../nn/network';
import type { ModelPlan } from '../nn/model';

export interface Evaluation {
  loss: number;
  accuracy: number;
  samples: number;
  /** confusion[true][predicted]: counts. */
  confusion: number[][];
  /** Predicted class of every sample, in split order. */
  predicted: Uint8Array;
}

export class Evaluator {
  private constructor(
    private readonly device: GPUDevice,
    private readonly plan: ModelPlan,
    private readonly network: Network,
    private readonly split: GpuSplit,
    private readonly labels: Uint8Array,
    private readonly full: GatherState,
    private readonly rest: GatherState | null,
    private readonly logits: GPUBuffer,
  ) {}

  static async create(device: GPUDevice, plan: ModelPlan, theta: GPUBuffer, split: GpuSplit, labels: Uint8Array, batch = 1000): Promise<Evaluator> {
    const B = Math.min(batch, split.count);
    const network = await createNetwork(device, plan, B, { mode: 'eval', theta, label: `eval.${split.label}` });
    // Evaluation walks the split in its stored order.
    writeEpochOrder(device, split, Uint32Array.from({ length: split.count }, (_, i) => i));
    const full = await createGather(device, split, B, `eval.${split.label}.gather`);
    const remainder = split.count % B;
    const rest = remainder ? await createGather(device, split, remainder, `eval.${split.label}.gatherRest`) : null;
    const logits = createBuffer(device, `eval.${split.label}.allLogits`, split.count * plan.classes * 4);
    return new Evaluator(device, plan, network, split, labels, full, rest, logits);
  }

  /** GPU memory it holds (θ is the trainer's). */
  get bytes(): number {
    return this.network.bytes + this.full.bytes + (this.rest?.bytes ?? 0) + this.logits.size;
  }

  async run(): Promise<Evaluation> {
    const { device, network, split, plan } = this;
    const C = plan.classes;
    for (let offset = 0; offset < split.count; offset += this.full.batch) {
      const gather = offset + this.full.batch <= split.count ? this.full : this.rest!;
      const encoder = device.createCommandEncoder({ label: 'eval.batch' });
      const pass = encoder.beginComputePass({ label: 'eval.batch.pass' });
      recordGather(pass, gather, network.input, network.labels, offset);
      network.recordForward(pass, gather.batch);
      network.recordMetrics(pass);
      pass.end();
      encoder.copyBufferToBuffer(network.logits, 0, this.logits, offset * C * 4, gather.batch * C * 4);
      device.queue.submit([encoder.finish()]);
    }
    const metrics = await network.readMetrics();
    const logits = await readF32(device, this.logits, split.count * C);
    const confusion = Array.from({ length: C }, () => new Array<number>(C).fill(0));
    const predicted = new Uint8Array(split.count);
    for (let n = 0; n < split.count; n++) {
      let best = 0;
      for (let k = 1; k < C; k++) if (logits[n * C + k] > logits[n * C + best]) best = k;
      predicted[n] = best;
      confusion[this.labels[n]][best]++;
    }
    return { loss: metrics.loss, accuracy: metrics.accuracy, samples: metrics.samples, confusion, predicted };
  }

  destroy(): void {
    this.network.destroy();
    this.full.destroy();
    this.rest?.destroy();
    this.logits.destroy();
  }
}
