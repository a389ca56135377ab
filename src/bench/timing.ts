/**
 * Wall-clock timing to GPU completion, for the benchmark. Each repetition is its own
 * submit (as a training step is), and stages that are compared are timed in interleaved
 * rounds, so that drift in machine load spreads over all of them alike.
 */
import { createBuffer } from '../engine/buffers';
import type { Trainer } from '../train/trainer';

export type Recorder = (pass: GPUComputePassEncoder, rep: number) => void;

export function submit(device: GPUDevice, record: Recorder, rep: number): void {
  const encoder = device.createCommandEncoder({ label: 'bench.encoder' });
  const pass = encoder.beginComputePass({ label: 'bench.pass' });
  record(pass, rep);
  pass.end();
  device.queue.submit([encoder.finish()]);
}

/** Submits one piece of work (a kernel pass, a training step); rep counts from 0. */
export type Run = (rep: number) => void;

/**
 * Seconds per repetition of each run: one warm-up call each, then `rounds` rounds in
 * which every run is called `reps` times in turn and timed to GPU completion. The median
 * over the rounds: on a shared 2-core machine one round in a few can take twice as long
 * (SwiftShader, npm run bench), and a mean would carry that into every ratio.
 */
export async function timeRuns(device: GPUDevice, runs: readonly Run[], rounds: number, reps = 1): Promise<number[]> {
  runs.forEach((run) => run(0));
  await device.queue.onSubmittedWorkDone();
  const samples = runs.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < runs.length; k++) {
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) runs[k](1 + round * reps + i);
      await device.queue.onSubmittedWorkDone();
      samples[k].push((performance.now() - t0) / 1000 / reps);
    }
  }
  return samples.map(median);
}

/** timeRuns for recorders, each repetition its own submit. */
export const timeInterleaved = (device: GPUDevice, records: readonly Recorder[], rounds: number, reps = 1): Promise<number[]> =>
  timeRuns(device, records.map((record) => (rep: number) => submit(device, record, rep)), rounds, reps);

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b), h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * A gradient (sin j, so that nothing cancels) and a θ of D entries: the inputs of the
 * project and update timings, which do not depend on their values.
 */
export function subspaceInputs(device: GPUDevice, D: number, label: string): { grad: GPUBuffer; theta: GPUBuffer; destroy(): void } {
  const grad = createBuffer(device, `${label}.grad`, D * 4), theta = createBuffer(device, `${label}.theta`, D * 4);
  device.queue.writeBuffer(grad, 0, Float32Array.from({ length: D }, (_, j) => Math.sin(j)));
  return { grad, theta, destroy: () => { grad.destroy(); theta.destroy(); } };
}

/** Seconds per training step (Trainer.runStep, one submit each), after one warm-up step. */
export async function timeSteps(trainer: Trainer, steps: number): Promise<number> {
  const device = trainer.device;
  trainer.runStep();
  await device.queue.onSubmittedWorkDone();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) trainer.runStep();
  await device.queue.onSubmittedWorkDone();
  return (performance.now() - t0) / 1000 / steps;
}
