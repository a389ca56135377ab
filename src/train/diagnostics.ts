/**
 * The live diagnostics of docs/design.md §11 as both engines return them: the probe set,
 * the result's type, and the plain arithmetic that turns per-compartment sums (from the
 * GPU's correlation kernels, or their float64 twin on the CPU) into correlations.
 */
import { stepScale, type Compartment } from '../subspace/compartments';

/** M at most: the probe set is the first min(PROBE_SAMPLES, train size) training samples, in file order. */
export const PROBE_SAMPLES = 1000;

/** M for a training split of `trainCount` samples: the same for every run on that dataset. */
export const probeCount = (trainCount: number): number => Math.min(PROBE_SAMPLES, trainCount);

export interface Diagnostics {
  /** Steps taken when diagnosed, as metric points count them: the step diagnosed is step − 1. */
  step: number;
  /** r: the redraw epoch of that step, whose bases P (all workers, all compartments) are used. */
  redrawEpoch: number;
  /** ρ_G = (u_G·G)/(|u_G|·|G|), u_G = Σ_w P_w P_wᵀ G, G = ∇L(θ) over the probe set; 1 for sgd (u_G = G), up to rounding. */
  rhoG: number;
  /** ρ_G of each compartment k: u_G and G restricted to [a_k, b_k), P to k's directions (one entry for sgd). */
  rhoGByCompartment: number[];
  /** ρ = (u·g)/(|u|·|g|) of the step taken: g = Σ_w g_w, u = Σ_w P_w P_wᵀ g_w (u = g for sgd). */
  rho: number;
  /** ρ of each compartment. */
  rhoByCompartment: number[];
  /** |η·u|: the length of the step taken, Euclidean in θ (parameter units). */
  stepLength: number;
  /** |η·g|: the length of the sgd step the same minibatch gradients would have made. */
  gradLength: number;
  /** |G|: the norm of the probe set's mean-loss gradient (loss units per parameter unit). */
  probeGradLength: number;
  /** η·d_k/D_k of each compartment ([η] for sgd): the effective step scale, since E[P_k P_kᵀ] = (d_k/D_k)·I. */
  scale: number[];
  /** M: the probe's forward/backward runs over M samples, about M/B steps' worth of network work. */
  probeSamples: number;
}

/** (Σ uv, Σ uu, Σ vv) of compartment k at 3k: of the step taken (u, g) and of the probe (u_G, G). */
export interface DiagnosticSums {
  step: ArrayLike<number>;
  probe: ArrayLike<number>;
}

/** What diagnose() keeps of the step last taken. */
export interface TakenStep {
  /** Its redraw epoch. */
  r: number;
  /** Its η. */
  lr: number;
}

/** cos = uv / √(uu·vv), and 0 where a vector is zero (no NaN reaches a chart). */
const cosine = (uv: number, uu: number, vv: number) => (uu > 0 && vv > 0 ? uv / Math.sqrt(uu * vv) : 0);

/** Per-compartment cosines of `sums` [K × 3], and the overall one from the sums over k (in k order, in float64). */
function correlations(sums: ArrayLike<number>): { overall: number; byCompartment: number[]; uu: number; vv: number } {
  const byCompartment: number[] = [];
  let uv = 0, uu = 0, vv = 0;
  for (let n = 0; n < sums.length; n += 3) {
    byCompartment.push(cosine(sums[n], sums[n + 1], sums[n + 2]));
    uv += sums[n];
    uu += sums[n + 1];
    vv += sums[n + 2];
  }
  return { overall: cosine(uv, uu, vv), byCompartment, uu, vv };
}

/** The diagnostics of the step `taken`, `step` steps in, from the sums over `comps` (null: sgd). */
export function diagnosticsFrom(step: number, taken: TakenStep, comps: readonly Compartment[] | null, sums: DiagnosticSums, probeSamples: number): Diagnostics {
  const probe = correlations(sums.probe), minibatch = correlations(sums.step);
  const eta = Math.abs(taken.lr);
  return {
    step,
    redrawEpoch: taken.r,
    rhoG: probe.overall,
    rhoGByCompartment: probe.byCompartment,
    rho: minibatch.overall,
    rhoByCompartment: minibatch.byCompartment,
    stepLength: eta * Math.sqrt(minibatch.uu),
    gradLength: eta * Math.sqrt(minibatch.vv),
    probeGradLength: Math.sqrt(probe.vv),
    scale: comps ? comps.map((c) => stepScale(taken.lr, c)) : [taken.lr],
    probeSamples,
  };
}
