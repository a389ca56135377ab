/**
 * Metrics slice: each run's decimated history. Points arrive batched (the trainer
 * client flushes once per animation frame), so the store changes at most once a frame
 * however fast the worker steps.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { MetricPoint } from '../train/protocol';
import { appendPoints, emptySeries, type Series } from './decimate';
import type { AppState, Middlewares } from './store';

export interface MetricsSlice {
  series: Record<string, Series>;
  /** Appends points for several runs in one store update. */
  appendMetrics(batch: Record<string, MetricPoint[]>): void;
}

export const createMetricsSlice: StateCreator<AppState, Middlewares, [], MetricsSlice> = (set, get) => ({
  series: {},
  appendMetrics(batch) {
    const series = { ...get().series };
    for (const [id, points] of Object.entries(batch)) series[id] = appendPoints(series[id] ?? emptySeries(), points);
    set({ series });
  },
});
