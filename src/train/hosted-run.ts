/** A run as the worker's host keeps it: its engine, what the page asked of it, and its pace. */
import type { ExperimentConfig } from '../experiment/fields';
import type { LivePatch } from '../experiment/live';
import { stepBudget } from '../experiment/run';
import type { Checkpoint, RunEngine } from './engine';
import type { RunStatus } from './protocol';
import type { Pace } from './report';

export interface HostedRun {
  readonly id: string;
  /** The config it started with; live changes live in the engine's log, so a restore replays them where they applied. */
  readonly config: ExperimentConfig;
  engine: RunEngine;
  status: RunStatus;
  /** Steps still to run while paused (from `step` messages). */
  pendingSteps: number;
  /** A live change waiting for the next step boundary. */
  pendingPatch: LivePatch | null;
  /** The last checkpoint (at each evaluation and on the cadence), for recovery after a lost device; copies go to the page. */
  checkpoint: Checkpoint | null;
  /** The step at which the next evaluation is due: a multiple of evalInterval, so the test curve does not depend on scheduling. */
  nextEval: number;
  /** Measured wall time of a step (ms, smoothed), from which the scheduler sizes the run's slice of time. */
  stepMs: number;
  /** Time its turns have taken (ms): the next turn goes to the live run that has used least. */
  usedMs: number;
  /** The last step whose metric point the page has: a run replayed after a lost device does not send those again. */
  postedThrough: number;
  /** The step and time (performance.now()) of the last checkpoint sent to the page; null before the first. */
  sentCheckpoint: { step: number; at: number } | null;
  /** Checkpoint cadence in steps, fixed from the first measured step time (about CHECKPOINT_MS of work apart); null until then. */
  checkpointEvery: number | null;
  pace: Pace;
}

/** The step a run stops at. */
export const finalStep = (run: HostedRun): number => stepBudget(run.config, run.engine.stepsPerEpoch);

/** At most about this much work is lost to a lost device: the checkpoint cadence. */
export const CHECKPOINT_MS = 10_000;

/** A cadence that is a multiple of the metric window `spf`, about CHECKPOINT_MS of `stepMs` steps. */
export const checkpointCadence = (stepMs: number, spf: number): number => spf * Math.max(1, Math.floor(CHECKPOINT_MS / (stepMs * spf)));

/**
 * Whether the run's checkpoint goes to the page now: its first at once, a later one once
 * CHECKPOINT_MS have passed since the last (FC's θ on MNIST is 0.4 MB, and a run on a
 * small set evaluates, and checkpoints, several times a second), and never one ahead of
 * the points the page has, since a run resumed from it sends only the points after it.
 */
export function checkpointForPage(run: HostedRun, now: number): Checkpoint | null {
  const c = run.checkpoint, sent = run.sentCheckpoint;
  if (!c || c.step > run.postedThrough) return null;
  if (sent && (c.step <= sent.step || now - sent.at < CHECKPOINT_MS)) return null;
  return c;
}

/** Probes fall on every other evaluation: a probe costs about M/B steps of network work (docs/design.md §11). */
export const PROBE_EVERY_EVALS = 2;

/** The first multiple of `every` after `step`. */
export const nextMultiple = (step: number, every: number): number => (Math.floor(step / every) + 1) * every;

/** Evaluate about 10 times an epoch on small sets, once an epoch on large ones. */
export function evalInterval(e: RunEngine): number {
  const perEpoch = e.stepsPerEpoch;
  return Math.max(1, Math.min(perEpoch, Math.ceil(perEpoch / 10) * (e.dataset.test.count > 5000 ? 10 : 1)));
}
