/**
 * What the worker tells the page about a run, as protocol messages: its plan and costs,
 * its progress, and what an evaluation shows (predictions or the decision boundary).
 */
import { size } from '../nn/model';
import { runCosts } from '../experiment/costs';
import { DATASET_META, type DatasetId } from '../experiment/datasets';
import { decisionBoundary } from './boundary';
import type { RunEngine } from './engine';
import type { Evaluation } from './evaluate';
import type { FromWorker } from './protocol';

/** The run's plan: D, Σd_k, compartments, the bytes it holds and would exchange (the page's estimate uses the same runCosts). */
export function runInfo(runId: string, e: RunEngine): FromWorker {
  const { D } = e.plan, { method, workers } = e.config, dims = e.trainedDims;
  return {
    type: 'runInfo', runId, D, sumDk: dims,
    compartments: e.compartments.map((c) => ({ k: c.index, start: c.start, end: c.end, size: c.size, dirs: c.dirs })),
    ...runCosts(method, D, dims, workers), usedBytes: e.bytes,
    stepsPerEpoch: e.stepsPerEpoch, trainSize: e.dataset.train.count, testSize: e.dataset.test.count,
  };
}

/** Steps a second since `since` and the time left to `target`; sent at most 4 times a second. */
export class Pace {
  private started = performance.now();
  private startedStep: number;
  private last = 0;

  constructor(step: number) {
    this.startedStep = step;
  }

  /** Measuring restarts here (after a pause, say). */
  restart(step: number): void {
    this.started = performance.now();
    this.startedStep = step;
  }

  /** A progress message, unless one went out less than 250 ms ago (`force`: a paused run's last step, or the end). */
  message(runId: string, e: RunEngine, target: number, force = false): FromWorker | null {
    const now = performance.now();
    if (now - this.last < 250 && e.step < target && !force) return null;
    this.last = now;
    const rate = (e.step - this.startedStep) / Math.max((now - this.started) / 1000, 1e-3);
    return { type: 'progress', runId, step: e.step, epoch: e.epoch, stepsPerSec: rate, etaSec: rate > 0 ? (target - e.step) / rate : null };
  }
}

/** What an evaluation at `step` shows: predictions for images, the decision boundary for 2-D sets. */
export function evaluationView(runId: string, dataset: DatasetId, e: RunEngine, ev: Evaluation, theta: ArrayLike<number>, step: number): FromWorker {
  if (DATASET_META[dataset].kind === 'points') return { type: 'boundary', runId, step, ...decisionBoundary(e.plan, theta, e.dataset.train) };
  const F = size(e.plan.inputShape), test = e.dataset.test, images = test.images;
  const samples = Array.from({ length: Math.min(24, test.count) }, (_, index) => ({
    index, label: test.labels[index], predicted: ev.predicted[index],
    pixels: images instanceof Uint8Array ? images.slice(index * F, (index + 1) * F) : undefined,
  }));
  return { type: 'predictions', runId, step, confusion: ev.confusion, samples };
}
