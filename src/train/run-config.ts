/**
 * What the engine needs to train one run, resolved from the user's experiment config
 * (src/state/config.ts in the page, flags in the CLI). Pure data and checks.
 */
import { InputError } from '../engine/errors';
import type { Distribution } from '../rng/distributions';
import type { Allocation } from '../subspace/compartments';
import type { Architecture } from '../nn/model';
import { checkRedrawEvery, type RedrawEvery } from '../subspace/redraw';

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
