/**
 * What the sweep panel and the test API show of a sweep: which sweep (the one running,
 * else the current config's), how far it is, what is left as an estimate, and its
 * results so far. Pure: the state and the time in, plain values out.
 */
import type { ExperimentConfig } from '../experiment/fields';
import type { SweepRun, SweepSummary } from '../experiment/sweep';
import { etaSeconds, fitPace, runWork } from './sweep-eta';
import { configKey, summaryOf, sweepEntries } from './sweep-results';
import type { SweepState } from './sweep-slice';
import type { AppState } from './store';

export interface SweepView {
  /** The experiment of the sweep shown; null when the config has no grid and none runs. */
  base: ExperimentConfig | null;
  status: SweepState['status'];
  /** Runs in the sweep. */
  total: number;
  /** Runs with an outcome in the run list (finished at the budget, or diverged). */
  done: number;
  /** 1-based number of the run training now ("run i of n"), or null. */
  current: number | null;
  /** Runs of this pass that ended without an outcome (an error): the next Resume runs them again. */
  failed: SweepRun[];
  /** Runs that diverged: on the plot at accuracy 0. */
  diverged: SweepRun[];
  /** Seconds left, estimated from this pass's finished runs; null before one finished. */
  etaSec: number | null;
  /** Runs finished in this pass, which the estimate is fitted to. */
  timed: number;
  summary: SweepSummary | null;
}

export function sweepView(st: Pick<AppState, 'config' | 'runs' | 'series' | 'sweep'>, now: number): SweepView {
  const { sweep } = st;
  const base = sweep.status === 'running' ? sweep.base : st.config.sweep ? st.config : null;
  if (!base) return { base: null, status: sweep.status, total: 0, done: 0, current: null, failed: [], diverged: [], etaSec: null, timed: 0, summary: null };
  // Progress belongs to the sweep that ran; a different grid in the controls starts idle.
  const status = sweep.status === 'running' || (sweep.base && configKey(sweep.base) === configKey(base)) ? sweep.status : 'idle';
  const entries = sweepEntries(base, st.runs, st.series);
  const done = entries.filter((e) => e.outcome).length;
  const running = status === 'running';
  const attempted = new Set(status === 'idle' ? [] : sweep.attempted);
  const currentEntry = running ? entries.find((e) => e.runId === sweep.runId) : undefined;
  const waiting = entries.filter((e) => !e.outcome && !e.active && !attempted.has(e.key)).map((e) => runWork(e.run.config));
  const elapsed = sweep.runStartedAt !== null ? (now - sweep.runStartedAt) / 1000 : 0;
  return {
    base, status, total: entries.length, done,
    current: running && sweep.runId !== null ? done + 1 : null,
    failed: entries.filter((e) => !e.outcome && !e.active && attempted.has(e.key)).map((e) => e.run),
    diverged: entries.filter((e) => e.outcome?.diverged).map((e) => e.run),
    etaSec: running ? etaSeconds(fitPace(sweep.timings), waiting, currentEntry ? { work: runWork(currentEntry.run.config), elapsed } : null) : null,
    timed: sweep.timings.length,
    summary: summaryOf(base, entries),
  };
}
