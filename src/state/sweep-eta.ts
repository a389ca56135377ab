/**
 * The time a sweep has left, as an estimate: from the runs this pass has finished, a
 * fixed time per run (building the engine, compiling, evaluating) plus a time per unit
 * of work, where a run's work is its steps × its step's arithmetic: D for sgd (forward
 * and backward), D + 2·Σ_k d_k·D_k for a subspace method (the same, plus generating each
 * compartment's d_k × D_k basis to project the gradient and again to apply the update;
 * D + 2·d·D with one compartment). Only ratios between the sweep's own runs matter, so
 * the units are arbitrary.
 */
import type { ExperimentConfig } from '../experiment/fields';
import { previewPlan } from './plan';
import type { SweepTiming } from './sweep-slice';

/** A run's work. With an epoch budget every run of a sweep takes the same steps × workers (epochs · N / B), so the epochs stand for it. */
export function runWork(config: ExperimentConfig): number {
  const plan = previewPlan(config);
  const D = plan?.D ?? 1;
  // A plan that fails (d < K) errors at once in the worker; d·D is as good a guess as any.
  const basis = plan?.compartments.length ? plan.compartments.reduce((s, c) => s + c.dirs * c.size, 0) : config.d * D;
  const perStep = config.method === 'sgd' ? D : D + 2 * basis;
  const steps = config.steps !== null ? config.steps * config.workers : config.epochs;
  return steps * perStep;
}

/** seconds ≈ perRun + perWork · work, fitted by least squares to the finished runs, neither part negative. */
export interface Pace { perRun: number; perWork: number }

export function fitPace(timings: readonly SweepTiming[]): Pace | null {
  const n = timings.length;
  if (!n) return null;
  const sw = timings.reduce((s, t) => s + t.work, 0), ss = timings.reduce((s, t) => s + t.seconds, 0);
  const sww = timings.reduce((s, t) => s + t.work * t.work, 0), sws = timings.reduce((s, t) => s + t.work * t.seconds, 0);
  const det = n * sww - sw * sw;
  // One run, or runs of one size, cannot separate the two parts: all of it is taken as work.
  if (n < 2 || det <= 1e-12 * n * sww) return { perRun: 0, perWork: sws / sww };
  const perWork = (n * sws - sw * ss) / det, perRun = (ss - perWork * sw) / n;
  if (perWork < 0) return { perRun: ss / n, perWork: 0 };
  if (perRun < 0) return { perRun: 0, perWork: sws / sww };
  return { perRun, perWork };
}

/**
 * Seconds left: the runs not yet started at the fitted pace, and what the current one
 * should still take (none when it already ran longer). null before any run finished.
 */
export function etaSeconds(pace: Pace | null, waiting: readonly number[], current: { work: number; elapsed: number } | null): number | null {
  if (!pace) return null;
  const time = (work: number) => pace.perRun + pace.perWork * work;
  return waiting.reduce((s, w) => s + time(w), 0) + (current ? Math.max(0, time(current.work) - current.elapsed) : 0);
}
