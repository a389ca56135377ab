/**
 * Sweep slice: what the page's sweep of d is doing in this session (the orchestrator,
 * sweeper.ts, writes it; the sweep panel and the test API read it). Which of a sweep's
 * runs are done is never kept here: it is read from the run list each time
 * (sweep-results.ts), so a reload or a deleted run can never make it stale.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { ExperimentConfig } from '../experiment/fields';
import type { AppState, Middlewares } from './store';

/** One run of the sweep finished in this pass: its work (sweep-eta.ts) and the seconds it took. */
export interface SweepTiming { work: number; seconds: number }

export interface SweepState {
  /** idle: none started in this page; running; stopped by the user (or a reset); done: nothing left to run. */
  status: 'idle' | 'running' | 'stopped' | 'done';
  /** The experiment whose sweep runs or last ran here (its grid, methods, seeds), or null. */
  base: ExperimentConfig | null;
  /** The run of the sweep training now, or null. */
  runId: string | null;
  /** performance.now() when that run started. */
  runStartedAt: number | null;
  /** The runs of this pass that finished, for the time estimate. */
  timings: SweepTiming[];
  /** Keys (serialized configs) of the sweep's runs started in this pass: none is started twice in a pass. */
  attempted: string[];
}

export const IDLE_SWEEP: SweepState = { status: 'idle', base: null, runId: null, runStartedAt: null, timings: [], attempted: [] };

export interface SweepSlice {
  sweep: SweepState;
  patchSweep(patch: Partial<SweepState>): void;
}

export const createSweepSlice: StateCreator<AppState, Middlewares, [], SweepSlice> = (set, get) => ({
  sweep: IDLE_SWEEP,
  patchSweep: (patch) => set({ sweep: { ...get().sweep, ...patch } }),
});
