/**
 * How a run carries on in a new worker: one that replaced a worker that died, or a
 * reopened page's. The page has what the old worker knew: the run's starting config, its
 * latest checkpoint, its live changes (the marks, at the steps where they applied) and its
 * points. The new worker restores the checkpoint and replays from there as after a lost
 * device, so the run ends bit for bit as an uninterrupted one (docs/design.md §14).
 */
import type { Resume, ToWorker } from '../train/protocol';
import { isActive, type Run } from './runs-slice';
import type { AppState } from './store';

/** What a new worker needs to carry `run` on: its checkpoint if any (else step 0), its whole log, the last step the page has a point of. */
export function resumeOf(state: Pick<AppState, 'checkpoints' | 'series'>, run: Run): Resume {
  const points = state.series[run.id]?.points ?? [];
  return {
    checkpoint: state.checkpoints[run.id] ?? null,
    log: run.marks.map(({ step, patch }) => ({ step, patch })),
    posted: points.length ? points[points.length - 1].step : 0,
  };
}

/**
 * The start messages that carry every live run on in a replacement worker. A run without a
 * checkpoint replays from step 0: its numbers are the same, only the time is spent again,
 * and that is short: a run's first checkpoint reaches the page at its first evaluation or
 * its first ~10 s of work (src/train/hosted-run.ts), whichever comes first.
 */
export function restartMessages(state: AppState): { messages: ToWorker[]; fromCheckpoint: number; fromStart: number } {
  const live = state.runs.filter(isActive);
  const messages = live.map((run): ToWorker => ({ type: 'start', runId: run.id, config: run.config, paused: run.status === 'paused', resume: resumeOf(state, run) }));
  const fromCheckpoint = live.filter((r) => state.checkpoints[r.id]).length;
  return { messages, fromCheckpoint, fromStart: live.length - fromCheckpoint };
}

/** The notice of a replaced worker: why, and where its runs pick up. */
export function restartNotice(why: string, { fromCheckpoint, fromStart }: { fromCheckpoint: number; fromStart: number }): string {
  const runs = (n: number, verb: string) => (n === 1 ? `1 run ${verb}s` : `${n} runs ${verb}`);
  const where = [
    fromCheckpoint && `${runs(fromCheckpoint, 'continue')} from ${fromCheckpoint === 1 ? 'its' : 'their'} last checkpoint`,
    fromStart && `${runs(fromStart, 'start')} again from step 0 (no checkpoint yet; the numbers come out the same)`,
  ].filter(Boolean);
  return `The training worker stopped (${why}); a new one was started${where.length ? `: ${where.join(', ')}` : ''}.`;
}

/** Whether a kept run can continue from a stored checkpoint ("Continue from step N" in the runs list). */
export const canContinue = (state: Pick<AppState, 'checkpoints'>, run: Run): boolean => run.status === 'interrupted' && !!state.checkpoints[run.id];
