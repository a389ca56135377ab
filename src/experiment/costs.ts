/**
 * What a run costs in bytes, from its sizes alone: the one formula behind the page's
 * estimate before a run and the worker's report after it starts.
 */
import { allReduceBytes, coordinateBytes } from '../subspace/transport';
import type { Method } from './enums';

export interface RunCosts {
  /** Σd_k·D·4: what a materialised P would take; 0 for sgd, which has no basis. */
  storedPBytes: number;
  /** W·Σd_k·4: coordinates exchanged per step by shared-seed workers; 0 for sgd. */
  bytesPerStepWorkers: number;
  /** W·D·4: what a gradient all-reduce would exchange. */
  allReduceBytes: number;
}

/** `sumDk` is Σd_k of one worker (ignored for sgd). */
export function runCosts(method: Method, D: number, sumDk: number, workers: number): RunCosts {
  const subspace = method !== 'sgd';
  return {
    storedPBytes: subspace ? sumDk * D * 4 : 0,
    bytesPerStepWorkers: subspace ? coordinateBytes(workers, sumDk) : 0,
    allReduceBytes: allReduceBytes(workers, D),
  };
}
