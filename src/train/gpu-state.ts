/**
 * What a GPU run's checkpoint reads and writes (docs/design.md §14): θ, fpd's ĉ and its
 * anchor, and the open metric window, each read queued now, behind every step already
 * submitted and before any later one.
 */
import { readBuffer, readF32 } from '../engine/buffers';
import type { EngineState } from './engine';

export interface StateBuffers {
  theta: GPUBuffer;
  /** [lossSum f32, correct, samples, batches u32]: metrics_accumulate.wgsl's accumulator. */
  metrics: GPUBuffer;
  /** fpd's ĉ, with its length in floats; null where nothing keeps it. */
  cHat: { buffer: GPUBuffer; floats: number } | null;
  anchor: GPUBuffer | null;
}

export async function readGpuState(device: GPUDevice, b: StateBuffers, D: number): Promise<EngineState> {
  const [theta, window, cHat, anchor] = await Promise.all([
    readF32(device, b.theta, D), readBuffer(device, b.metrics, 16),
    b.cHat && readF32(device, b.cHat.buffer, b.cHat.floats), b.anchor && readF32(device, b.anchor, D),
  ]);
  const f = new Float32Array(window), u = new Uint32Array(window);
  return { theta, cHat, anchor, metrics: { lossSum: f[0], correct: u[1], samples: u[2], batches: u[3] } };
}

/** Writes a checkpoint's state; one that cannot resume this run bit for bit is refused, before anything is written. */
export function writeGpuState(device: GPUDevice, b: StateBuffers, { theta, cHat, anchor, metrics }: EngineState): void {
  // A checkpoint from a worker that had no WebGPU (the CPU engine keeps θ in f64) would round.
  if (!(theta instanceof Float32Array)) throw new RangeError("the checkpoint's θ is the CPU engine's (f64); this run trains on the GPU");
  if (cHat && b.cHat && cHat.length !== b.cHat.floats) throw new RangeError(`the checkpoint's ĉ has ${cHat.length} floats, this run's has ${b.cHat.floats}`);
  if (anchor && anchor.length !== theta.length) throw new RangeError(`the checkpoint's anchor has ${anchor.length} parameters, θ has ${theta.length}`);
  const q = device.queue;
  q.writeBuffer(b.theta, 0, theta);
  if (cHat && b.cHat) q.writeBuffer(b.cHat.buffer, 0, cHat);
  if (anchor && b.anchor) q.writeBuffer(b.anchor, 0, anchor);
  const window = new ArrayBuffer(16);
  new Float32Array(window, 0, 1)[0] = metrics.lossSum;
  new Uint32Array(window).set([metrics.correct, metrics.samples, metrics.batches], 1);
  q.writeBuffer(b.metrics, 0, window);
}
