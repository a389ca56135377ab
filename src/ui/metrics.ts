/** What a training-curve chart can plot of a point, and whether it is a fraction shown in percent. */
import type { MetricPoint } from '../train/protocol';

export const METRICS = {
  loss: { of: (p: MetricPoint) => p.loss, percent: false },
  trainAcc: { of: (p: MetricPoint) => p.trainAcc, percent: true },
  testAcc: { of: (p: MetricPoint) => p.testAcc, percent: true },
  rhoG: { of: (p: MetricPoint) => p.diagnostics?.rhoG, percent: false },
} as const;
export type MetricKey = keyof typeof METRICS;
