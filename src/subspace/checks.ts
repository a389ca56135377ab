/**
 * Input checks of the subspace engines, pure TS: the GPU engine (gpu.ts), the CPU engine
 * (src/train/cpu-trainer.ts) and the materialised-P baseline (src/bench/dense.ts) refuse
 * the same inputs with the same messages, and the CPU engine gets them without pulling in
 * any WGSL. Each throws an InputError naming the field, or a DeviceLimitError naming the limit.
 */
import { DeviceLimitError, InputError } from '../engine/errors';
import { DISTRIBUTIONS, type Distribution } from '../rng/distributions';
import type { SubspaceTiles } from './layout';

/** The largest u32: seeds, epochs and the kernels' indices are 32-bit words. */
export const MAX_U32 = 2 ** 32 - 1;

export function checkEpoch(epoch: number): void {
  if (!(Number.isInteger(epoch) && epoch >= 0 && epoch <= MAX_U32)) throw new InputError('redraw epoch', `must be a whole number in [0, 2^32), got ${epoch}`);
}

export function checkDist(dist: string): asserts dist is Distribution {
  if (!DISTRIBUTIONS.includes(dist as Distribution)) throw new InputError('distribution', `unknown '${dist}': use ${DISTRIBUTIONS.join(', ')}`);
}

/** D, W and the seed; W·D gradients must stay addressable by 32-bit byte offsets. */
export function checkShape(D: number, workers: number, seed: number): void {
  if (!(Number.isInteger(D) && D >= 1)) throw new InputError('D', `must be a whole number ≥ 1, got ${D}`);
  if (!(Number.isInteger(workers) && workers >= 1)) throw new InputError('workers', `must be a whole number ≥ 1, got ${workers}`);
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= MAX_U32)) throw new InputError('seed', `must be a whole number in [0, 2^32), got ${seed}`);
  if (workers * D > MAX_U32 / 4) throw new InputError('workers', `W·D = ${workers * D} gradients do not fit 32-bit indices`);
}

/** W·Σd_k coordinates must stay addressable by 32-bit byte offsets, as the gradients. */
export function checkDirs(workers: number, dirs: number): void {
  if (workers * dirs > MAX_U32 / 4) throw new InputError('d', `W·Σd_k = ${workers * dirs} coordinates do not fit 32-bit indices`);
}

/**
 * The member ids of one project or update call (docs/design.md §13): 1 to `capacity` of
 * them, distinct whole numbers in [0, 2^32); ascending too where the call sums over them
 * (update: the summation order is ascending member id).
 */
export function checkMembers(members: readonly number[], capacity: number, ascending: boolean): void {
  if (!(members.length >= 1 && members.length <= capacity)) throw new InputError('members', `must hold 1 to W = ${capacity} member ids, got ${members.length}`);
  const bad = members.find((m) => !(Number.isInteger(m) && m >= 0 && m <= MAX_U32));
  if (bad !== undefined) throw new InputError('members', `ids must be whole numbers in [0, 2^32), got ${bad}`);
  for (let s = 1; s < members.length; s++) {
    if (ascending && members[s] <= members[s - 1]) throw new InputError('members', `must be ascending and distinct (the summation order), got ${members[s - 1]} before ${members[s]}`);
  }
  if (!ascending && new Set(members).size !== members.length) throw new InputError('members', `must be distinct, got [${members.join(', ')}]`);
}

export function checkLearningRate(lr: number): void {
  if (!Number.isFinite(lr)) throw new InputError('learning rate', `must be a finite number, got ${lr}`);
}

/** Throws unless `buffer` holds at least `count` f32. */
export function checkSize(buffer: GPUBuffer, count: number, what: string): void {
  if (buffer.size < count * 4) throw new InputError(what, `buffer '${buffer.label}' has ${buffer.size} bytes, needs ${count * 4}`);
}

/** Tiles against the rules of the kernels and the limits of `device`. */
export function checkTiles(device: GPUDevice, t: SubspaceTiles): void {
  if (!(Number.isInteger(t.chunkSize) && t.chunkSize >= 128 && t.chunkSize % 128 === 0)) throw new InputError('tiles.chunkSize', `must be a positive multiple of 128, got ${t.chunkSize}`);
  const { maxComputeInvocationsPerWorkgroup: inv, maxComputeWorkgroupSizeX: sizeX, maxComputeWorkgroupStorageSize: wgs } = device.limits;
  for (const [name, n] of [['projectThreads', t.projectThreads], ['updateThreads', t.updateThreads]] as const) {
    if (!(Number.isInteger(n) && n >= 1)) throw new InputError(`tiles.${name}`, `must be a whole number ≥ 1, got ${n}`);
    if (n > inv) throw new DeviceLimitError(`subspace tiles.${name}`, 'maxComputeInvocationsPerWorkgroup', n, inv);
    if (n > sizeX) throw new DeviceLimitError(`subspace tiles.${name}`, 'maxComputeWorkgroupSizeX', n, sizeX);
  }
  if (t.chunkSize * 4 > wgs) throw new DeviceLimitError('subspace.project chunk', 'maxComputeWorkgroupStorageSize', t.chunkSize * 4, wgs);
}
