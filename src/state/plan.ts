/**
 * What the page can say about a config before any run: D from planModel and the
 * compartments with their d_k from the engine's own planCompartments (pure TS), so the
 * table in the controls is exactly what the worker will train, and the byte counts from
 * the same runCosts as the worker's report.
 */
import { planCompartments, totalDirs, type Compartment } from '../subspace/compartments';
import { planArch } from '../experiment/arch';
import { runCosts, type RunCosts } from '../experiment/costs';
import type { ExperimentConfig } from '../experiment/fields';

export interface PlanPreview extends RunCosts {
  D: number;
  /** Empty for sgd, which has no subspace. */
  compartments: Compartment[];
  /** Σd_k, the trained dimensions; D for sgd. */
  sumDk: number;
  /** Why the compartments cannot be planned (e.g. d smaller than K), if so. */
  problem?: string;
}

/** null when the architecture does not fit the dataset (the config layer already says why). */
export function previewPlan(config: ExperimentConfig): PlanPreview | null {
  let plan;
  try { plan = planArch(config.arch, config.dataset); } catch { return null; }
  const { D } = plan, { method, workers } = config;
  if (method === 'sgd') return { D, compartments: [], sumDk: D, ...runCosts(method, D, D, workers) };
  try {
    const compartments = planCompartments(plan, config.compartments, config.alloc, config.d);
    const sumDk = totalDirs(compartments);
    return { D, compartments, sumDk, ...runCosts(method, D, sumDk, workers) };
  } catch (e) {
    return { D, compartments: [], sumDk: 0, storedPBytes: 0, bytesPerStepWorkers: 0, allReduceBytes: runCosts(method, D, 0, workers).allReduceBytes, problem: (e as Error).message };
  }
}
