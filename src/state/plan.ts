/**
 * What the page can say about a config before any run: D from planModel and the
 * compartments with their d_k from the engine's own planCompartments (pure TS), so the
 * table in the controls is exactly what the worker will train.
 */
import { planCompartments, totalDirs, type Compartment } from '../subspace/compartments';
import { planArch } from './arch';
import type { ExperimentConfig } from './config';

export interface PlanPreview {
  D: number;
  /** Empty for sgd, which has no subspace. */
  compartments: Compartment[];
  /** Σd_k, the trained dimensions; D for sgd. */
  sumDk: number;
  /** Σd_k·D·4: what a materialised P would take (0 for sgd). */
  storedPBytes: number;
  /** W·Σd_k·4: coordinates exchanged per step by shared-seed workers. */
  bytesPerStepWorkers: number;
  /** W·D·4: what a gradient all-reduce would exchange. */
  allReduceBytes: number;
  /** Why the compartments cannot be planned (e.g. d smaller than K), if so. */
  problem?: string;
}

/** null when the architecture does not fit the dataset (the config layer already says why). */
export function previewPlan(config: ExperimentConfig): PlanPreview | null {
  let D: number, plan;
  try { plan = planArch(config.arch, config.dataset); D = plan.D; } catch { return null; }
  const W = config.workers;
  const base = { D, allReduceBytes: W * D * 4 };
  if (config.method === 'sgd') return { ...base, compartments: [], sumDk: D, storedPBytes: 0, bytesPerStepWorkers: W * D * 4 };
  try {
    const compartments = planCompartments(plan, config.compartments, config.alloc, config.d);
    const sumDk = totalDirs(compartments);
    return { ...base, compartments, sumDk, storedPBytes: sumDk * D * 4, bytesPerStepWorkers: W * sumDk * 4 };
  } catch (e) {
    return { ...base, compartments: [], sumDk: 0, storedPBytes: 0, bytesPerStepWorkers: 0, problem: (e as Error).message };
  }
}
