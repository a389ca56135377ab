/**
 * Metrics slice: each run's decimated history. Points arrive batched (the trainer
 * client flushes once per animation frame) and events.ts appends them in one store
 * update, so the store changes at most once a frame however fast the worker steps.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { Series } from './decimate';
import type { AppState, Middlewares } from './store';

export interface MetricsSlice {
  series: Record<string, Series>;
}

export const createMetricsSlice: StateCreator<AppState, Middlewares, [], MetricsSlice> = () => ({
  series: {},
});
