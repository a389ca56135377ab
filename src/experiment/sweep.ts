/**
 * A sweep: the current experiment trained at every d of a log grid, for fpd and rbd,
 * beside an sgd baseline, over one or more seeds, at the experiment's budget (steps or
 * epochs). Its fields' readers live here and its fields in the one table (fields.ts);
 * which runs a sweep is, and what their accuracies say (d_int90, intrinsic.ts), are
 * computed here once, for the page and for `npm run sweep` alike. Pure TS.
 */
import type { ExperimentConfig } from './fields';
import { intrinsicDim, mean, meanCurve, thresholdOf, type BandPoint, type IntrinsicDim, type SweepPoint } from './intrinsic';
import type { SweepMethod } from './enums';

/** One run of a sweep. */
export interface SweepRun {
  method: 'sgd' | SweepMethod;
  d: number;
  seed: number;
  config: ExperimentConfig;
}

/** The sweep's own fields, cleared in each of its runs: a run of a sweep is a plain run. */
const plain = { sweep: null, methods: ['fpd', 'rbd'] as SweepMethod[], seeds: null, threshold: 'relative', target: null } as const;

/**
 * The runs of the sweep `base.sweep` (null: no sweep), seed by seed: the sgd baseline
 * (at η = base.sgdLr), then every d of the grid from the smallest, each method in turn
 * (at η = base.lr: fpd takes rbd's rate, as the paper's code does). fpd never redraws.
 */
export function sweepRuns(base: ExperimentConfig): SweepRun[] {
  if (!base.sweep) return [];
  const runs: SweepRun[] = [];
  for (const seed of base.seeds ?? [base.seed]) {
    const common = { ...base, ...plain, methods: [...plain.methods], seed };
    // The baseline's d is no field of sgd; the default keeps its key the same whatever d the controls show.
    runs.push({ method: 'sgd', d: 0, seed, config: { ...common, method: 'sgd', d: 250, lr: base.sgdLr, workers: 1 } });
    for (const d of base.sweep) {
      for (const method of base.methods) {
        runs.push({ method, d, seed, config: { ...common, method, d, redraw: method === 'fpd' ? 'never' : base.redraw } });
      }
    }
  }
  return runs;
}

/** A finished run of a sweep and its final test accuracy (a fraction). */
export interface SweepOutcome { run: SweepRun; accuracy: number }

export interface MethodResult {
  method: SweepMethod;
  /** The mean curve over the seeds that finished every d so far, with its band. */
  points: BandPoint[];
  /** null until the baseline and at least one d have finished for every seed. */
  intrinsic: IntrinsicDim | null;
}

export interface SweepSummary {
  /** The mean sgd accuracy over the seeds, with its band, or null before every baseline finished. */
  sgd: { accuracy: number; low: number; high: number } | null;
  threshold: number | null;
  methods: MethodResult[];
}

/** What the finished runs of `base`'s sweep say so far. */
export function summarize(base: ExperimentConfig, outcomes: readonly SweepOutcome[]): SweepSummary {
  const seeds = base.seeds ?? [base.seed];
  const sgdAccs = seeds.map((s) => outcomes.find((o) => o.run.method === 'sgd' && o.run.seed === s)?.accuracy);
  const sgdDone = sgdAccs.every((a): a is number => a !== undefined);
  const sgd = sgdDone ? { accuracy: mean(sgdAccs), low: Math.min(...sgdAccs), high: Math.max(...sgdAccs) } : null;
  const threshold = base.threshold === 'absolute' ? thresholdOf('absolute', 1) : sgd ? thresholdOf('relative', sgd.accuracy) : null;
  const methods = base.methods.map((method): MethodResult => {
    const perSeed: SweepPoint[][] = seeds.map((s) => outcomes.filter((o) => o.run.method === method && o.run.seed === s).map((o) => ({ d: o.run.d, accuracy: o.accuracy })));
    const points = meanCurve(perSeed);
    return { method, points, intrinsic: threshold !== null && points.length ? intrinsicDim(points, threshold) : null };
  });
  return { sgd, threshold, methods };
}

/** The budget every run of the sweep trains for, as the figure states it. */
export const budgetText = (c: Pick<ExperimentConfig, 'steps' | 'epochs'>) => (c.steps !== null ? `${c.steps} steps` : `${c.epochs} epoch${c.epochs === 1 ? '' : 's'}`);
