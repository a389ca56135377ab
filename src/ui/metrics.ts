/** What a training-curve chart can plot of a point (and whether it is a fraction shown in percent), and what it is given. */
import type { Run } from '../state/runs-slice';
import type { MetricPoint } from '../train/protocol';

export const METRICS = {
  loss: { of: (p: MetricPoint) => p.loss, percent: false },
  trainAcc: { of: (p: MetricPoint) => p.trainAcc, percent: true },
  testAcc: { of: (p: MetricPoint) => p.testAcc, percent: true },
  rhoG: { of: (p: MetricPoint) => p.diagnostics?.rhoG, percent: false },
} as const;
export type MetricKey = keyof typeof METRICS;

export type XKey = 'step' | 'epoch';
export interface ChartRun {
  run: Run;
  points: MetricPoint[];
  /** A series of a run's part (a compartment's ρ_G): its key, its name's suffix, drawn dashed in the run's colour. */
  part?: { key: string; label: string };
}

/** A horizontal guide, e.g. the √(Σd_k/D) a random basis sees of the gradient. */
export interface Guide { y: number; color: string; label: string }

export interface MetricChartProps { title: string; metric: MetricKey; x: XKey; runs: ChartRun[]; log?: boolean; testId: string; guides?: Guide[]; caption?: string }
