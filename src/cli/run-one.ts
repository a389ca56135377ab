/**
 * One run of a sweep or of the reproduction table: its result from the cache where it
 * is there, else trained to its budget on `device`, evaluated once at the end, and kept.
 */
import type { Dataset } from '../data/dataset';
import type { ExperimentConfig } from '../experiment/fields';
import { stepBudget, toRunConfig } from '../experiment/run';
import { Trainer } from '../train/trainer';
import { trainSteps } from './headless';
import { ProgressBar } from './progress';
import type { RunCache, RunKey, RunResult } from './run-cache';

export interface RunPlace {
  device: GPUDevice;
  deviceName: string;
  engine: string;
  cache: RunCache;
  /** The dataset as given, and as trained on (its test split already subsampled where asked). */
  data: string;
  dataset: Dataset;
  evalSamples: number | null;
  quiet: boolean;
}

export const keyOf = (place: RunPlace, config: ExperimentConfig): RunKey =>
  ({ config, data: place.data, evalSamples: place.evalSamples, device: place.deviceName, engine: place.engine });

/** The result of `config`, and whether it came from the cache. */
export async function runOne(place: RunPlace, config: ExperimentConfig, label: string): Promise<{ result: RunResult; cached: boolean }> {
  const key = keyOf(place, config);
  const kept = place.cache.get(key);
  if (kept) return { result: kept, cached: true };
  const trainer = await Trainer.create(place.device, place.dataset, toRunConfig(config, place.dataset.classes));
  try {
    const total = stepBudget(config, trainer.stepsPerEpoch);
    const bar = new ProgressBar(total, process.stderr, !place.quiet);
    const outcome = await trainSteps(trainer, total, { logEvery: 50, evalEvery: total, onLog: (p) => bar.update(p.step, `${label} loss ${p.loss.toFixed(4)}`) });
    bar.finish();
    const last = outcome.curve[outcome.curve.length - 1];
    // A diverged run is evaluated where it stopped: its accuracy is what it reached (chance, for NaN weights).
    const finalAccuracy = last.testAcc ?? (await trainer.evaluate()).accuracy;
    const result = place.cache.put(key, {
      D: trainer.plan.D, trainedDims: trainer.trainedDims, steps: last.step, finalAccuracy, finalLoss: last.loss,
      divergedAt: outcome.divergedAt, seconds: outcome.seconds, curve: outcome.curve,
    });
    return { result, cached: false };
  } finally {
    trainer.destroy();
  }
}
