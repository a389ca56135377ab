/**
 * What may change while a run trains (docs/design.md §1.4): ONE patch type, from the
 * controls through the worker protocol to the engine, with the fields' own names.
 */
import type { ExperimentConfig } from './fields';
import type { Method } from './enums';
import { usesField } from './rules';

/** The fields a live change may set. A switch of method between two steps is "burn-in" (Larsen et al. 2022) when it leaves sgd. */
export type LiveKey = 'method' | 'd' | 'redraw' | 'dist' | 'lr';
export type LivePatch = Partial<Pick<ExperimentConfig, LiveKey>>;

/** The fields an edit in the controls sends to a running run (the rest apply to the next run). */
export const LIVE_KEYS = ['method', 'd', 'redraw', 'dist', 'lr'] as const satisfies readonly LiveKey[];

/** The part of a patch a run of `method` reads (sgd has no subspace, fpd never redraws). */
export function livePatchFor(method: Method, patch: LivePatch): LivePatch {
  return Object.fromEntries(Object.entries(patch).filter(([k, v]) => v !== undefined && usesField(method, k as LiveKey))) as LivePatch;
}

/** A change applied at the start of step `step`: the log that replays a run (docs/design.md §14). */
export interface LiveChange {
  step: number;
  patch: LivePatch;
}
