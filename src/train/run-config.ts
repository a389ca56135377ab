/**
 * Laying a run out on its dataset, and where each step falls in the data and redraw
 * order: the parts of the plan that do not depend on which engine computes.
 */
import type { Dataset } from '../data/dataset';
import { stepsPerEpoch } from '../data/order';
import { planModel, type ModelPlan } from '../nn/model';
import { planCompartments, type Compartment } from '../subspace/compartments';
import { redrawEpoch } from '../subspace/redraw';
import { normalizeRun, type RunConfig } from '../experiment/run';

export type { RunConfig };

export interface RunPlan {
  /** The config with the method's rules applied and every bound checked. */
  config: RunConfig;
  plan: ModelPlan;
  stepsPerEpoch: number;
  /** rbd, fpd: the compartments of d; null for sgd. */
  compartments: Compartment[] | null;
}

/** Checks `config` and lays the run out on `dataset`. */
export function planRun(dataset: Dataset, config: RunConfig): RunPlan {
  const checked = normalizeRun(config);
  const plan = planModel(checked.arch, dataset.inputShape, dataset.classes);
  const perEpoch = stepsPerEpoch(dataset.train.count, checked.batch, checked.workers);
  if (perEpoch < 1) throw new RangeError(`batch ${checked.batch} × ${checked.workers} workers is larger than the ${dataset.train.count} training samples`);
  const compartments = checked.method === 'sgd' ? null : planCompartments(plan, checked.compartments, checked.alloc, checked.d);
  return { config: checked, plan, stepsPerEpoch: perEpoch, compartments };
}

/** Step t's data epoch, its batch b within that epoch, and its redraw epoch r. */
export interface StepPosition { epoch: number; b: number; r: number }

/**
 * The config is normalised (fpd's redraw is 'never'), so r follows it as it stands. A
 * fixed basis is the one of the step it became fixed at, `fixedFrom` (0 for a run fixed
 * from the start), so a basis fixed mid-run, by a switch to fpd, is none drawn before.
 */
export function stepPosition(step: number, perEpoch: number, config: Pick<RunConfig, 'redraw'>, fixedFrom = 0): StepPosition {
  return { epoch: Math.floor(step / perEpoch), b: step % perEpoch, r: config.redraw === 'never' ? fixedFrom : redrawEpoch(step, config.redraw) };
}
