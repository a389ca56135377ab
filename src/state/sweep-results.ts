/**
 * What the run list says of a sweep: which of its runs are done, with what final test
 * accuracy, and what they add up to (d_int90, experiment/sweep.ts). A run of the sweep
 * is done when a run in the list has the same serialized config and an outcome, so a
 * sweep resumes after a reload from the stored runs, and no finished run is run again.
 */
import { serializeConfig } from '../experiment/config';
import type { ExperimentConfig } from '../experiment/fields';
import { stepBudget } from '../experiment/run';
import { summarize, sweepRuns, type SweepRun, type SweepSummary } from '../experiment/sweep';
import type { MetricPoint } from '../train/protocol';
import type { Series } from './decimate';
import { isActive, type Run } from './runs-slice';

/** A run's result as a point of a sweep. */
export interface Outcome {
  /** The test accuracy at the budget step (a fraction); 0 for a run that diverged. */
  accuracy: number;
  diverged: boolean;
}

/**
 * The outcome of a run, or null while it has none. A finished run's is the test accuracy
 * of its final point, which must sit at the budget step (the worker evaluates there).
 * A diverged run counts as done with accuracy 0: its θ at the budget is not finite, so
 * it reaches no threshold, and running it again gives the same divergence (runs are
 * deterministic, docs/design.md §14). A run with live changes is no run of its config.
 * Cancelled, errored and interrupted runs have none: a resume runs them again.
 */
export function outcomeOf(run: Run, points: readonly MetricPoint[]): Outcome | null {
  if (run.marks.length) return null;
  if (run.status === 'diverged') return { accuracy: 0, diverged: true };
  if (run.status !== 'finished' || run.finishReason !== 'epochs') return null;
  const last = points[points.length - 1];
  const budget = run.info ? stepBudget(run.config, run.info.stepsPerEpoch) : run.progress?.step;
  if (!last || last.testAcc === undefined || !Number.isFinite(last.testAcc) || last.step !== budget) return null;
  return { accuracy: last.testAcc, diverged: false };
}

// A config object is never mutated in the store (edits replace it), so its key can be kept.
const keys = new WeakMap<ExperimentConfig, string>();
/** The identity of a run of a sweep: its config as a link writes it. */
export function configKey(config: ExperimentConfig): string {
  let key = keys.get(config);
  if (key === undefined) keys.set(config, (key = serializeConfig(config)));
  return key;
}

/** One run of the sweep, with the run of the list that did it (or does it now). */
export interface SweepEntry {
  run: SweepRun;
  key: string;
  /** The run in the list with this config that has an outcome, else a live one, if any. */
  runId?: string;
  outcome?: Outcome;
  /** A run with this config is training now. */
  active: boolean;
}

/** The runs of `base`'s sweep, in order, each matched against the run list. */
export function sweepEntries(base: ExperimentConfig, runs: readonly Run[], series: Readonly<Record<string, Series>>): SweepEntry[] {
  const byKey = new Map<string, Run[]>();
  for (const r of runs) byKey.set(configKey(r.config), [...(byKey.get(configKey(r.config)) ?? []), r]);
  return sweepRuns(base).map((run) => {
    const key = configKey(run.config), same = byKey.get(key) ?? [];
    for (const r of same) {
      const outcome = outcomeOf(r, series[r.id]?.points ?? []);
      if (outcome) return { run, key, runId: r.id, outcome, active: false };
    }
    const live = same.find(isActive);
    return { run, key, runId: live?.id, active: !!live };
  });
}

/** The sweep's results so far, from its entries. */
export function summaryOf(base: ExperimentConfig, entries: readonly SweepEntry[]): SweepSummary {
  return summarize(base, entries.flatMap((e) => (e.outcome ? [{ run: e.run, accuracy: e.outcome.accuracy }] : [])));
}
