/**
 * What the engine needs to train one run, resolved from the user's experiment config
 * (src/state/config.ts in the page, flags in the CLI). Pure data and checks.
 */
import { InputError } from '../engine/errors';
import type { Dataset } from '../data/dataset';
import { stepsPerEpoch } from '../data/order';
import type { Distribution } from '../rng/distributions';
import { planCompartments, type Allocation, type Compartment } from '../subspace/compartments';
import { planModel, type Architecture, type ModelPlan } from '../nn/model';
import { checkRedrawEvery, redrawEpoch, type RedrawEvery } from '../subspace/redraw';

export type { RedrawEvery };

export type Method = 'sgd' | 'rbd' | 'fpd';

export interface RunConfig {
  arch: Architecture;
  method: Method;
  /** Subspace dimension d (rbd, fpd). */
  d: number;
  /** r = ⌊t / redrawEvery⌋; fpd is rbd with 'never' (r ≡ 0). */
  redrawEvery: RedrawEvery;
  dist: Distribution;
  /** 'network' | 'layer' | 'tensor' | 'chunk:N'. */
  compartments: string;
  alloc: Allocation;
  /** η, as written in DESIGN.md §2: no hidden rescaling. */
  lr: number;
  /** B, per worker. */
  batch: number;
  seed: number;
  /** W in-process workers with shared seeds (rbd, fpd). */
  workers: number;
}

export function checkRunConfig(c: RunConfig): void {
  if (!(Number.isFinite(c.lr) && c.lr > 0)) throw new InputError('lr', `must be a finite number > 0, got ${c.lr}`);
  if (!(Number.isInteger(c.batch) && c.batch >= 1)) throw new InputError('batch', `must be a whole number ≥ 1, got ${c.batch}`);
  if (!(Number.isInteger(c.workers) && c.workers >= 1)) throw new InputError('workers', `must be a whole number ≥ 1, got ${c.workers}`);
  if (c.method === 'sgd' && c.workers > 1) {
    throw new InputError('workers', 'more than one worker needs method rbd or fpd: workers exchange subspace coordinates, not gradients');
  }
  checkRedrawEvery(c.redrawEvery);
  if (c.method !== 'sgd' && !(Number.isInteger(c.d) && c.d >= 1)) throw new InputError('d', `must be a whole number ≥ 1, got ${c.d}`);
}

export interface RunPlan {
  plan: ModelPlan;
  stepsPerEpoch: number;
  /** rbd, fpd: the compartments of d; null for sgd. */
  compartments: Compartment[] | null;
}

/** Checks `config` and lays the run out on `dataset`: shared by the GPU and CPU trainers. */
export function planRun(dataset: Dataset, config: RunConfig): RunPlan {
  checkRunConfig(config);
  const plan = planModel(config.arch, dataset.inputShape, dataset.classes);
  const perEpoch = stepsPerEpoch(dataset.train.count, config.batch, config.workers);
  if (perEpoch < 1) throw new RangeError(`batch ${config.batch} × ${config.workers} workers is larger than the ${dataset.train.count} training samples`);
  const compartments = config.method === 'sgd' ? null : planCompartments(plan, config.compartments, config.alloc, config.d);
  return { plan, stepsPerEpoch: perEpoch, compartments };
}

/** Step t's data epoch, its batch b within that epoch, and its redraw epoch r (0 for fpd). */
export function stepPosition(step: number, perEpoch: number, config: RunConfig): { epoch: number; b: number; r: number } {
  return {
    epoch: Math.floor(step / perEpoch),
    b: step % perEpoch,
    r: redrawEpoch(step, config.method === 'fpd' ? 'never' : config.redrawEvery),
  };
}

/** The fields of a live change that are set (undefined ones keep their value). */
export function definedFields<T extends object>(change: T): Partial<T> {
  return Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as Partial<T>;
}
