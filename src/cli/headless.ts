/**
 * The command line's training loop, shared by `train`, `sweep` and `reproduce`: steps
 * a trainer to its budget, reads the loss back every `logEvery` steps (which also paces
 * the CPU to the GPU), evaluates on the test set every `evalEvery` steps and at the last,
 * and stops at the first non-finite loss.
 */
import type { Trainer } from '../train/trainer';

export interface Point { step: number; epoch: number; loss: number; trainAcc: number; testAcc?: number }

export interface Outcome {
  curve: Point[];
  /** The step whose training loss was not finite, or null. */
  divergedAt: number | null;
  /** Wall-clock seconds, evaluation included. */
  seconds: number;
}

export interface LoopOptions {
  logEvery: number;
  evalEvery: number;
  onLog?(point: Point): void;
  onEval?(point: Point): void;
}

export async function trainSteps(trainer: Trainer, total: number, o: LoopOptions): Promise<Outcome> {
  const curve: Point[] = [];
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  for (let t = 1; t <= total; t++) {
    trainer.runStep();
    const evalNow = t % o.evalEvery === 0 || t === total;
    if (t % o.logEvery !== 0 && !evalNow) continue;
    const m = await trainer.readTrainMetrics();
    const point: Point = { step: t, epoch: t / trainer.stepsPerEpoch, loss: m.loss, trainAcc: m.accuracy };
    curve.push(point);
    if (!Number.isFinite(m.loss)) return { curve, divergedAt: t, seconds: seconds() };
    o.onLog?.(point);
    if (evalNow) {
      point.testAcc = (await trainer.evaluate()).accuracy;
      o.onEval?.(point);
    }
  }
  return { curve, divergedAt: null, seconds: seconds() };
}
