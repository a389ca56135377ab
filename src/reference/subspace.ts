/**
 * CPU reference of the subspace kernels (docs/design.md §2, §3): plain TS with float64
 * accumulation, entry by entry through basisEntry. The test oracle for shaders/subspace,
 * and the engine where WebGPU is missing (small models only: one Philox call per entry).
 */
import { basisEntry, type Distribution } from '../rng/distributions';
import type { Compartment } from '../subspace/compartments';

const totalDirs = (compartments: readonly Compartment[]) => compartments.reduce((s, c) => s + c.dirs, 0);

/** φ_i restricted to its compartment: φ_i[j] for j in [a_k, b_k), as an array of D_k. */
export function basisVector(c: Compartment, local: number, seed: number, dist: Distribution, r: number, w: number): Float64Array {
  const i = c.dirStart + local;
  const scale = 1 / Math.sqrt(c.size);
  const phi = new Float64Array(c.size);
  for (let j = c.start; j < c.end; j++) phi[j - c.start] = basisEntry(dist, seed, i, j, r, w) * scale;
  return phi;
}

/** Coordinates of worker w: c_i = Σ_{j in compartment(i)} φ_i[j]·g_j, for i in [0, Σd_k). */
export function projectCPU(g: ArrayLike<number>, compartments: readonly Compartment[], seed: number, dist: Distribution, r: number, w: number): Float64Array {
  const c = new Float64Array(totalDirs(compartments));
  for (const comp of compartments) {
    for (let local = 0; local < comp.dirs; local++) {
      const phi = basisVector(comp, local, seed, dist, r, w);
      let sum = 0;
      for (let j = comp.start; j < comp.end; j++) sum += phi[j - comp.start] * g[j];
      c[comp.dirStart + local] = sum;
    }
  }
  return c;
}

/**
 * One update: θ_j − η · Σ_s Σ_{i in compartment(j)} c_{s,i}·φ_{w,i}[j], where
 * `coordinates[s]` are slot s's Σd_k coordinates, drawn with w = members[s] (its member
 * id, docs/design.md §13), or w = s without `members`. Returns a new θ.
 */
export function updateCPU(theta: ArrayLike<number>, coordinates: readonly ArrayLike<number>[], compartments: readonly Compartment[], seed: number, dist: Distribution, r: number, lr: number, members?: readonly number[]): Float64Array {
  const step = new Float64Array(theta.length);
  coordinates.forEach((c, s) => {
    const w = members?.[s] ?? s;
    for (const comp of compartments) {
      for (let local = 0; local < comp.dirs; local++) {
        const phi = basisVector(comp, local, seed, dist, r, w);
        const ci = c[comp.dirStart + local];
        for (let j = comp.start; j < comp.end; j++) step[j] += ci * phi[j - comp.start];
      }
    }
  });
  return Float64Array.from(theta, (t, j) => t - lr * step[j]);
}

/** P_w: [Σd_k × D], row i is φ_{w,i} (zero outside its compartment). */
export function materializeCPU(D: number, compartments: readonly Compartment[], seed: number, dist: Distribution, r: number, w: number): Float64Array {
  const P = new Float64Array(totalDirs(compartments) * D);
  for (const comp of compartments) {
    for (let local = 0; local < comp.dirs; local++) {
      P.set(basisVector(comp, local, seed, dist, r, w), (comp.dirStart + local) * D + comp.start);
    }
  }
  return P;
}
