import { describe, expect, it } from 'vitest';
import { DeviceLimitError, InputError } from '../engine/errors';
import { checkDirs, checkDist, checkEpoch, checkLearningRate, checkShape, checkSize, checkTiles } from './checks';

// No GPU here: the checks read only a buffer's size and label, and a device's limits.
const buffer = (size: number) => ({ size, label: 'test.buffer' }) as GPUBuffer;
const limits = { maxComputeInvocationsPerWorkgroup: 256, maxComputeWorkgroupSizeX: 128, maxComputeWorkgroupStorageSize: 16384 };
const device = { limits } as unknown as GPUDevice;

describe('subspace input checks (shared by the GPU and CPU engines)', () => {
  it('accept the edges of every range', () => {
    expect(() => {
      checkEpoch(0);
      checkEpoch(2 ** 32 - 1);
      checkDist('rademacher');
      checkShape(1, 1, 2 ** 32 - 1);
      checkDirs(1, 1);
      checkLearningRate(-3);
      checkSize(buffer(12), 3, 'theta');
    }).not.toThrow();
    expect(() => checkTiles(device, { chunkSize: 4096, projectThreads: 128, updateThreads: 1 })).not.toThrow();
  });

  it('refuse with the field and the value, or the limit', () => {
    expect(() => checkEpoch(2 ** 32)).toThrow(/redraw epoch: must be a whole number in \[0, 2\^32\), got 4294967296/);
    expect(() => checkEpoch(1.5)).toThrow(InputError);
    expect(() => checkDist('cauchy')).toThrow(/distribution: unknown 'cauchy': use normal/);
    expect(() => checkShape(0, 1, 0)).toThrow(/D: must be a whole number ≥ 1, got 0/);
    expect(() => checkShape(5, 2.5, 0)).toThrow(/workers: must be a whole number ≥ 1, got 2.5/);
    expect(() => checkShape(5, 1, -1)).toThrow(/seed: must be a whole number in \[0, 2\^32\), got -1/);
    expect(() => checkShape(2 ** 29, 2, 0)).toThrow(/W·D = 1073741824 gradients do not fit 32-bit indices/);
    expect(() => checkDirs(2, 2 ** 29)).toThrow(/d: W·Σd_k = 1073741824 coordinates do not fit 32-bit indices/);
    expect(() => checkLearningRate(Infinity)).toThrow(/learning rate: must be a finite number, got Infinity/);
    expect(() => checkSize(buffer(8), 3, 'theta')).toThrow(/theta: buffer 'test.buffer' has 8 bytes, needs 12/);
    expect(() => checkTiles(device, { chunkSize: 100, projectThreads: 1, updateThreads: 1 })).toThrow(/tiles.chunkSize: must be a positive multiple of 128, got 100/);
    expect(() => checkTiles(device, { chunkSize: 128, projectThreads: 0, updateThreads: 1 })).toThrow(/tiles.projectThreads: must be a whole number ≥ 1, got 0/);
    expect(() => checkTiles(device, { chunkSize: 128, projectThreads: 1, updateThreads: 129 })).toThrow(/maxComputeWorkgroupSizeX/);
    expect(() => checkTiles(device, { chunkSize: 128, projectThreads: 1, updateThreads: 129 })).toThrow(DeviceLimitError);
    expect(() => checkTiles(device, { chunkSize: 8192, projectThreads: 1, updateThreads: 1 })).toThrow(/maxComputeWorkgroupStorageSize/);
  });
});
