/**
 * The enums of an experiment, each declared once. The ones the engine needs itself are
 * declared where the engine defines them (rng, subspace) and re-exported here, so that
 * no layer above writes them again.
 */
export const METHODS = ['sgd', 'rbd', 'fpd'] as const;
/** sgd trains all D parameters; rbd a fresh random subspace every redraw; fpd one fixed subspace (docs/design.md §2). */
export type Method = (typeof METHODS)[number];

/** The methods a sweep of d trains beside its sgd baseline (sweep.ts). */
export const SWEEP_METHODS = ['fpd', 'rbd'] as const;
export type SweepMethod = (typeof SWEEP_METHODS)[number];

export { DISTRIBUTIONS, type Distribution } from '../rng/distributions';
export { ALLOCATIONS, MAX_CHUNK, chunkSize, parseCompartmentScheme, type Allocation, type CompartmentScheme } from '../subspace/compartments';
export type { RedrawEvery } from '../subspace/redraw';
