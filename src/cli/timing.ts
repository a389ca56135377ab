/** A few timed steps and one timed evaluation of a run, to say how long a table would take here (an estimate, labelled as one). */
import { toRunConfig } from '../experiment/run';
import type { ExperimentConfig } from '../experiment/fields';
import { Trainer } from '../train/trainer';
import type { RunPlace } from './run-one';

const WARMUP = 1, TIMED = 2;

export async function timeSteps(place: RunPlace, config: ExperimentConfig): Promise<{ stepSeconds: number; evalSeconds: number }> {
  const trainer = await Trainer.create(place.device, place.dataset, toRunConfig(config, place.dataset.classes));
  try {
    // The first steps compile pipelines and fill caches; reading the loss back waits for the GPU.
    for (let i = 0; i < WARMUP; i++) trainer.runStep();
    await trainer.readTrainMetrics();
    let t = performance.now();
    for (let i = 0; i < TIMED; i++) trainer.runStep();
    await trainer.readTrainMetrics();
    const stepSeconds = (performance.now() - t) / 1000 / TIMED;
    await trainer.evaluate(); // builds the evaluator
    t = performance.now();
    await trainer.evaluate();
    return { stepSeconds, evalSeconds: (performance.now() - t) / 1000 };
  } finally {
    trainer.destroy();
  }
}
