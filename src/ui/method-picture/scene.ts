/**
 * What the method picture shows at step t, in θ space: the three paths, RBD's point
 * with its plane (epoch r = redraw + t), the full gradient and the projected step there,
 * and FPD's one plane. Pure, so the figure only projects and draws it.
 */
import { epochAt, finalLosses, subspaceStep, toyBasis, toyGradient, toyLoss, TOY_METHODS, type ToyMethod, type ToyPaths, type ToySettings } from './toy';

export interface Scene {
  /** t: the step shown. */
  step: number;
  /** θ_t of each method. */
  points: Record<ToyMethod, number[]>;
  /** L(θ_t) of each method. */
  losses: Record<ToyMethod, number>;
  /** L(θ_N) of each method, at the end of the paths. */
  finalLosses: Record<ToyMethod, number>;
  /** The redraw epoch of RBD's step t. */
  epoch: number;
  /** φ of RBD's step t: d vectors of length 3. */
  basis: number[][];
  /** φ of FPD's one plane (epoch `redraw` throughout). */
  fixedBasis: number[][];
  /** |g| at RBD's θ_t. */
  gradientNorm: number;
  /** −η·g at RBD's θ_t, the step SGD would take there. */
  gradientStep: number[];
  /** −η·P·Pᵀ·g at RBD's θ_t: the step RBD takes, from projectCPU and updateCPU. */
  subspaceStep: number[];
}

const perMethod = <T>(f: (m: ToyMethod) => T) => Object.fromEntries(TOY_METHODS.map((m) => [m, f(m)])) as Record<ToyMethod, T>;

export function buildScene(s: ToySettings, paths: ToyPaths, step: number): Scene {
  const t = Math.max(0, Math.min(step, s.steps));
  const points = perMethod((m) => paths[m][t]);
  const epoch = epochAt('rbd', t, s);
  const theta = points.rbd;
  const g = toyGradient(theta);
  const next = subspaceStep(theta, s, epoch);
  return {
    step: t,
    points,
    losses: perMethod((m) => toyLoss(points[m])),
    finalLosses: finalLosses(paths, s.steps),
    epoch,
    basis: toyBasis(s, epoch),
    fixedBasis: toyBasis(s, epochAt('fpd', t, s)),
    gradientNorm: Math.hypot(...g),
    gradientStep: g.map((v) => -s.lr * v),
    subspaceStep: next.map((v, j) => v - theta[j]),
  };
}
