/**
 * A fixed subsample of a split, so that a software adapter can evaluate on part of a
 * test set: each class keeps its share (its first samples, in the split's order), so
 * the subsample is as balanced as the split whatever order the split is stored in
 * (class by class, or interleaved). Pure TS.
 */
import type { Dataset, Split } from './dataset';

export function stratifiedSplit(split: Split, count: number): Split {
  if (count >= split.count) return split;
  const perClass = new Map<number, number>();
  for (const y of split.labels) perClass.set(y, (perClass.get(y) ?? 0) + 1);
  const quota = new Map([...perClass].map(([y, n]) => [y, Math.floor((n * count) / split.count)]));
  const chosen: number[] = [];
  for (let i = 0; i < split.count; i++) {
    const y = split.labels[i], left = quota.get(y)!;
    if (left > 0) { chosen.push(i); quota.set(y, left - 1); }
  }
  // The quotas round down; the first samples not yet taken make up the count.
  const taken = new Set(chosen);
  for (let i = 0; chosen.length < count; i++) if (!taken.has(i)) chosen.push(i);
  chosen.sort((a, b) => a - b);
  const F = split.images.length / split.count;
  const images = new (split.images.constructor as Uint8ArrayConstructor | Float32ArrayConstructor)(count * F);
  const labels = new Uint8Array(count);
  chosen.forEach((n, i) => { images.set(split.images.subarray(n * F, (n + 1) * F), i * F); labels[i] = split.labels[n]; });
  return { count, images, labels };
}

/** `dataset` with its test split cut to `count` samples (or whole, where it is smaller). */
export const withTestSubsample = (dataset: Dataset, count: number | undefined): Dataset =>
  count === undefined ? dataset : { ...dataset, test: stratifiedSplit(dataset.test, count) };
