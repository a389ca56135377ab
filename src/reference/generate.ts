/**
 * CPU twin of shaders/bench/generate_normals.wgsl (host: src/bench/generate.ts): the same
 * per-thread sums of basis normals (counter (q, i, r, w), key (seed, BASIS)), accumulated
 * in float64. Each normal differs from the GPU's by up to about 3e-3 (docs/design.md §3), so
 * compare with a tolerance.
 */
import { philox4x32, Purpose } from '../rng/philox';
import { normals4 } from '../rng/distributions';

/** What the kernel draws: dirs directions, each cut into threadsPerDir runs of perThread normals. */
export interface GenerateShape {
  /** Directions i = 0..dirs−1 (counter word 1). */
  dirs: number;
  /** Threads per direction; thread b of direction i draws entries j in [b·perThread, (b+1)·perThread). */
  threadsPerDir: number;
  /** Normals per thread, a multiple of 4 (one Philox call gives 4). */
  perThread: number;
  /** Key (seed, BASIS). */
  seed: number;
  /** Redraw epoch r (counter word 2). */
  epoch: number;
  /** Worker w (counter word 3). */
  worker: number;
}

export interface GenerateSums {
  /** [threads]: thread t's Σ z, in float64. */
  sums: Float64Array;
  /** [threads]: thread t's Σ |z|, which bounds the f32 rounding of the GPU's sum. */
  magnitudes: Float64Array;
}

export function generateSumsCPU(shape: GenerateShape): GenerateSums {
  const { dirs, threadsPerDir, perThread, seed, epoch, worker } = shape;
  const threads = dirs * threadsPerDir, quads = perThread / 4;
  const key = [seed >>> 0, Purpose.BASIS];
  const sums = new Float64Array(threads), magnitudes = new Float64Array(threads);
  for (let t = 0; t < threads; t++) {
    const i = Math.floor(t / threadsPerDir), q0 = (t % threadsPerDir) * quads;
    let sum = 0, magnitude = 0;
    for (let s = 0; s < quads; s++) {
      for (const z of normals4(philox4x32([q0 + s, i, epoch, worker], key))) {
        sum += z;
        magnitude += Math.abs(z);
      }
    }
    sums[t] = sum;
    magnitudes[t] = magnitude;
  }
  return { sums, magnitudes };
}
