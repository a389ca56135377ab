/**
 * The page's sweep of d (experiment/sweep.ts): its runs, one after another, each a
 * normal run of the run list (started like any other, kept in IndexedDB like any
 * other). One at a time, because runs share the device's time (train/scheduler.ts):
 * two together would each take twice as long, and the first results would come later.
 *
 * Start and Resume are the same act: the sweep's runs that the run list has no outcome
 * for (sweep-results.ts) are run, in the sweep's order; a finished one is never run
 * again. A run that diverges or fails ends its turn like a finished one; a failed one
 * is not tried again until the next Resume.
 */
import type { ExperimentConfig } from '../experiment/fields';
import { isActive } from './runs-slice';
import { runWork } from './sweep-eta';
import { sweepEntries } from './sweep-results';
import type { AppStore } from './store';

export interface Sweeper {
  /** Runs the missing runs of the current config's sweep (Start, and Resume after a stop or a reload). */
  start(): void;
  /** Cancels the sweep's current run (its partial curve goes with it) and stops the sweep. */
  stop(): void;
}

/** What the sweeper needs of the controller. */
export interface RunStarter {
  startRuns(configs: ExperimentConfig[]): string[];
  deleteRun(id: string): void;
}

export function createSweeper(store: AppStore, starter: RunStarter): Sweeper {
  const now = () => performance.now();
  const get = store.getState;
  let advancing = false;

  /** Called on every change of the run list: when the current run has ended, starts the next. */
  function advance(): void {
    if (advancing || get().sweep.status !== 'running') return;
    advancing = true; // starting a run changes the run list, which calls back here
    try { step(); } finally { advancing = false; }
  }

  function step(): void {
    const st = get(), sweep = st.sweep, base = sweep.base!;
    if (sweep.runId !== null) {
      const current = st.runs.find((r) => r.id === sweep.runId);
      // Deleted, or cancelled by Reset: the user stopped it, so the sweep stops too.
      if (!current || current.status === 'cancelled') return st.patchSweep({ status: 'stopped', runId: null, runStartedAt: null });
      if (isActive(current)) return;
      // A run that diverged or failed stopped early: its time says nothing of the pace.
      const timed = current.status === 'finished' && sweep.runStartedAt !== null;
      st.patchSweep({
        runId: null, runStartedAt: null,
        timings: timed ? [...sweep.timings, { work: runWork(current.config), seconds: (now() - sweep.runStartedAt!) / 1000 }] : sweep.timings,
      });
    }
    const { attempted } = get().sweep;
    const entries = sweepEntries(base, st.runs, st.series);
    // A run of the sweep already training (the user pressed Play on the same config) is waited for, not duplicated.
    const live = entries.find((e) => e.active && !attempted.includes(e.key));
    if (live) return st.patchSweep({ runId: live.runId!, runStartedAt: null, attempted: [...attempted, live.key] });
    const next = entries.find((e) => !e.outcome && !attempted.includes(e.key));
    if (!next) return st.patchSweep({ status: 'done' });
    const [id] = starter.startRuns([next.run.config]);
    get().patchSweep({ runId: id, runStartedAt: now(), attempted: [...attempted, next.key] });
  }

  store.subscribe((s) => s.runs, advance);

  return {
    start() {
      const { config, sweep } = get();
      if (!config.sweep || sweep.status === 'running') return;
      get().patchSweep({ status: 'running', base: config, runId: null, runStartedAt: null, timings: [], attempted: [] });
      advance();
    },
    stop() {
      const { sweep } = get();
      if (sweep.status !== 'running') return;
      // Stopped first, so the run's removal below does not read as the user's reset.
      get().patchSweep({ status: 'stopped', runId: null, runStartedAt: null });
      if (sweep.runId !== null) starter.deleteRun(sweep.runId);
    },
  };
}
