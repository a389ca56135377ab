/**
 * The CPU twin of src/train/probe.ts (docs/design.md §11), in float64 through the reference
 * kernels: the sums (Σ uv, Σ uu, Σ vv) per compartment of the step taken (u = Σ_w P_w c_w
 * against g = Σ_w g_w) and of the probe (u_G = Σ_w P_w P_wᵀ G against G, G = ∇L(θ) over
 * the probe set). Without a basis (sgd), u = g and u_G = G over the one range [0, D).
 */
import { gatherBatch, type Split } from '../data/dataset';
import type { ModelPlan } from '../nn/model';
import type { Distribution } from '../rng/distributions';
import type { Compartment } from '../subspace/compartments';
import { correlationSums } from './correlation';
import { networkGradient } from './network';
import { projectCPU, updateCPU } from './subspace';

/** The bases of one step: every worker's directions in every compartment at redraw epoch r. */
export interface StepBasis {
  compartments: readonly Compartment[];
  seed: number;
  dist: Distribution;
  r: number;
  workers: number;
}

/** The probe set: the first `count` samples of a split, in file order, gathered once. */
export interface ProbeSet {
  count: number;
  inputs: Float32Array;
  labels: Uint32Array;
}

export function probeSet(split: Split, count: number): ProbeSet {
  return { count, ...gatherBatch(split, Uint32Array.from({ length: count }, (_, n) => n), 0, count) };
}

const rangesOf = (basis: StepBasis | null, D: number) => (basis ? basis.compartments.map((c) => [c.start, c.end] as const) : [[0, D] as const]);

/** Σ_w P_w c_w: recordUpdate with η = −1 into zeros. */
function applied(coordinates: readonly ArrayLike<number>[], b: StepBasis, D: number): Float64Array {
  return updateCPU(new Float64Array(D), coordinates, b.compartments, b.seed, b.dist, b.r, -1);
}

/** [K × 3] of the step taken: `grads[w]` and `coordinates[w]` are worker w's g_w and c_w (none for sgd). */
export function stepSums(grads: readonly Float64Array[], coordinates: readonly Float64Array[], basis: StepBasis | null, D: number): Float64Array {
  const g = new Float64Array(grads.length * D);
  grads.forEach((gw, w) => g.set(gw, w * D));
  const u = basis ? applied(coordinates, basis, D) : g;
  return correlationSums(u, g, basis ? grads.length : 1, D, rangesOf(basis, D));
}

/** [K × 3] of the probe at θ. */
export function probeSums(plan: ModelPlan, theta: ArrayLike<number>, probe: ProbeSet, basis: StepBasis | null): Float64Array {
  const D = plan.D;
  const G = networkGradient(plan, theta, probe.inputs, probe.labels, probe.count).g;
  const uG = basis ? applied(Array.from({ length: basis.workers }, (_, w) => projectCPU(G, basis.compartments, basis.seed, basis.dist, basis.r, w)), basis, D) : G;
  return correlationSums(uG, G, 1, D, rangesOf(basis, D));
}
