/**
 * The decision boundary of a 2-D model: class probabilities on a grid, computed with
 * the CPU reference forward from θ read back (2-D models are tiny, and this runs only
 * after an evaluation, never per step).
 */
import type { ModelPlan } from '../nn/model';
import { networkForward } from '../reference/network';
import type { Split } from '../data/dataset';

export interface Boundary {
  grid: Float32Array;
  w: number;
  h: number;
  classes: number;
  extent: [number, number, number, number];
  points: Float32Array;
}

export function decisionBoundary(plan: ModelPlan, theta: ArrayLike<number>, train: Split, size = 48): Boundary {
  const xs = train.images as Float32Array;
  let lo = Infinity, hi = -Infinity;
  for (const v of xs) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const pad = 0.1 * (hi - lo || 1);
  const extent: [number, number, number, number] = [lo - pad, hi + pad, lo - pad, hi + pad];
  const input = new Float64Array(size * size * 2);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const n = row * size + col;
      input[2 * n] = extent[0] + ((col + 0.5) / size) * (extent[1] - extent[0]);
      input[2 * n + 1] = extent[3] - ((row + 0.5) / size) * (extent[3] - extent[2]); // row 0 at ymax
    }
  }
  const logits = networkForward(plan, theta, input, size * size).logits;
  const C = plan.classes, grid = new Float32Array(size * size * C);
  for (let n = 0; n < size * size; n++) {
    let max = -Infinity, sum = 0;
    for (let k = 0; k < C; k++) max = Math.max(max, logits[n * C + k]);
    for (let k = 0; k < C; k++) sum += (grid[n * C + k] = Math.exp(logits[n * C + k] - max));
    for (let k = 0; k < C; k++) grid[n * C + k] /= sum;
  }
  const shown = Math.min(train.count, 400), points = new Float32Array(shown * 3);
  for (let n = 0; n < shown; n++) points.set([xs[2 * n], xs[2 * n + 1], train.labels[n]], 3 * n);
  return { grid, w: size, h: size, classes: C, extent, points };
}
