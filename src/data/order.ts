/**
 * Data order, docs/design.md §3 (normative). Epoch e's permutation sorts the sample indices n
 * by philox4x32((n, e, 0, 0), (seed, DATA))[0], ties broken by n; worker w's batch b is the
 * positions [(b·W + w)·B, (b·W + w + 1)·B) of that order. Computed on the CPU once per
 * epoch (60,000 samples take tens of ms) and uploaded for the GPU gather.
 */
import { philox4x32, Purpose } from '../rng/philox';

/** The permutation of [0, count) that epoch `epoch` visits. */
export function epochOrder(count: number, seed: number, epoch: number): Uint32Array {
  const key = [seed >>> 0, Purpose.DATA];
  const sortKey = new Uint32Array(count);
  for (let n = 0; n < count; n++) sortKey[n] = philox4x32([n, epoch, 0, 0], key)[0];
  const order = new Uint32Array(count);
  for (let n = 0; n < count; n++) order[n] = n;
  return order.sort((a, b) => sortKey[a] - sortKey[b] || a - b);
}

/**
 * Steps in one epoch: every step consumes B·W samples, and the remainder
 * count mod (B·W) is dropped, so every batch is full and no sample repeats in an epoch.
 * The dropped samples differ from epoch to epoch, since the order does.
 */
export function stepsPerEpoch(count: number, batch: number, workers = 1): number {
  return Math.floor(count / (batch * workers));
}

/** First position in the order of worker `worker`'s batch `b`: (b·W + w)·B. */
export const batchOffset = (batch: number, b: number, worker = 0, workers = 1) => (b * workers + worker) * batch;

/** The sample indices of worker `worker`'s batch `b` (a view into `order`, no copy). */
export function batchIndices(order: Uint32Array, batch: number, b: number, worker = 0, workers = 1): Uint32Array {
  if (!(worker >= 0 && worker < workers)) throw new RangeError(`worker ${worker} is not in [0, ${workers})`);
  if (!(b >= 0 && b < stepsPerEpoch(order.length, batch, workers))) {
    throw new RangeError(`batch ${b} is not in [0, ${stepsPerEpoch(order.length, batch, workers)}) for ${order.length} samples, B = ${batch}, W = ${workers}`);
  }
  const start = batchOffset(batch, b, worker, workers);
  return order.subarray(start, start + batch);
}
