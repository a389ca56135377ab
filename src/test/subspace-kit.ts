/**
 * Helpers for the subspace tests only: deterministic data, one-shot GPU runs, and the
 * error bounds of GPU (f32) against the CPU reference (f64).
 *
 * Bounds. For a sum s = Σ_{m<n} t_m evaluated in f32 in any order, |ŝ − s| ≤ γ_n·Σ|t_m|
 * with γ_n = n·u/(1 − n·u) and u = 2^-24 (Higham, Accuracy and Stability, §4.2); we use
 * (n + 8)·u to cover the products, the f32 scale 1/√D_k and the final multiply. Normals
 * also differ per entry by up to δ = 3e-3 (docs/design.md §3: WGSL's log, sin and cos), which
 * in a sum Σ_m z_m·x_m can add up to δ·Σ|x_m| in the worst case. Uniforms and signs go
 * through exact conversions and one correctly rounded multiply, so for them δ = 0.
 */
import { readF32, uploadBuffer } from '../engine/buffers';
import { philox4x32 } from '../rng/philox';
import { uneg11, type Distribution } from '../rng/distributions';
import type { Compartment } from '../subspace/compartments';
import type { Subspace } from '../subspace/gpu';

export const U = 2 ** -24;
/** Per-entry difference of GPU and CPU draws (docs/design.md §3). */
export const deltaZ = (dist: Distribution) => (dist === 'normal' ? 3e-3 : 0);

/** n values in (−1, 1) from a seed (Philox with key (seed, 99)). */
export function randomArray(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  for (let m = 0; m < n; m += 4) {
    const x = philox4x32([m >>> 2, 0, 0, 0], [seed, 99]);
    for (let l = 0; l < 4 && m + l < n; l++) out[m + l] = uneg11(x[l]);
  }
  return out;
}

/** Runs recordProject once (with `members`, if given) and reads the coordinates [W × Σd_k] back, all W slots. */
export async function gpuProject(device: GPUDevice, sub: Subspace, grads: Float32Array, epoch: number, members?: readonly number[]): Promise<Float32Array> {
  const g = uploadBuffer(device, 'test.grads', grads);
  const encoder = device.createCommandEncoder({ label: 'test.project' });
  const pass = encoder.beginComputePass({ label: 'test.project.pass' });
  sub.recordProject(pass, g, epoch, members);
  pass.end();
  device.queue.submit([encoder.finish()]);
  return readF32(device, sub.coordinates, sub.workers * sub.dirs);
}

/** Writes `coordinates` into the subspace, runs recordUpdate once (with `members`, if given), reads θ back. */
export async function gpuUpdate(device: GPUDevice, sub: Subspace, theta: GPUBuffer, coordinates: Float32Array | null, lr: number, epoch: number, members?: readonly number[]): Promise<Float32Array> {
  if (coordinates) device.queue.writeBuffer(sub.coordinates, 0, coordinates.buffer, coordinates.byteOffset, coordinates.byteLength);
  const encoder = device.createCommandEncoder({ label: 'test.update' });
  const pass = encoder.beginComputePass({ label: 'test.update.pass' });
  sub.recordUpdate(pass, theta, lr, epoch, true, members);
  pass.end();
  device.queue.submit([encoder.finish()]);
  return readF32(device, theta, sub.D);
}

/**
 * Bound on |c_gpu − c_cpu| for each of one worker's coordinates, given that worker's P
 * (materializeCPU, [Σd_k × D]) and gradient g: δ·(1/√D_k)·Σ_j |g_j| + (D_k + chunks + 8)·u·Σ_j |P_ij g_j|.
 */
export function projectBound(P: Float64Array, g: ArrayLike<number>, compartments: readonly Compartment[], dist: Distribution, D: number, chunks = 64): Float64Array {
  const bound = new Float64Array(P.length / D);
  for (const c of compartments) {
    let gAbs = 0;
    for (let j = c.start; j < c.end; j++) gAbs += Math.abs(g[j]);
    for (let i = c.dirStart; i < c.dirStart + c.dirs; i++) {
      let pg = 0;
      for (let j = c.start; j < c.end; j++) pg += Math.abs(P[i * D + j] * g[j]);
      bound[i] = (deltaZ(dist) * gAbs) / Math.sqrt(c.size) + (c.size + chunks + 8) * U * pg;
    }
  }
  return bound;
}

/**
 * Bound on |θ_gpu − θ_cpu| after one update from the same θ (f32) and the same coordinates:
 * η·[δ·(1/√D_k)·Σ_{w,i} |c_{w,i}| + (W·d_k + 8)·u·Σ_{w,i} |c_{w,i} P_w[i, j]|] + 2u·|θ'_j|.
 */
export function updateBound(Ps: Float64Array[], coords: ArrayLike<number>[], thetaNew: ArrayLike<number>, compartments: readonly Compartment[], dist: Distribution, lr: number, D: number): Float64Array {
  const bound = new Float64Array(D);
  for (const c of compartments) {
    let cAbs = 0;
    for (const cw of coords) for (let i = c.dirStart; i < c.dirStart + c.dirs; i++) cAbs += Math.abs(cw[i]);
    for (let j = c.start; j < c.end; j++) {
      let cp = 0;
      Ps.forEach((P, w) => {
        for (let i = c.dirStart; i < c.dirStart + c.dirs; i++) cp += Math.abs(coords[w][i] * P[i * D + j]);
      });
      const n = coords.length * c.dirs;
      bound[j] = Math.abs(lr) * ((deltaZ(dist) * cAbs) / Math.sqrt(c.size) + (n + 8) * U * cp) + 2 * U * Math.abs(thetaNew[j]);
    }
  }
  return bound;
}

/** Throws a readable message unless |actual − expected| ≤ bound elementwise. */
export function expectWithin(actual: ArrayLike<number>, expected: ArrayLike<number>, bound: ArrayLike<number>, what: string): void {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length} ≠ ${expected.length}`);
  for (let n = 0; n < actual.length; n++) {
    const err = Math.abs(actual[n] - expected[n]);
    if (!(err <= bound[n])) throw new Error(`${what}: element ${n} is ${actual[n]}, expected ${expected[n]} (|error| ${err.toExponential(2)} > bound ${bound[n].toExponential(2)}; ${actual.length} elements)`);
  }
}
