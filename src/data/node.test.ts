import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classCounts, FASHION_MNIST_CLASSES, type Dataset } from './dataset';
import { idxBytes } from './test-fixtures';
import { FASHION_MNIST_DIR, loadDataset } from './node';

describe('loadDataset (Node)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rbp-idx-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads synthetic sets by name, with a class count and a seed', async () => {
    const d = await loadDataset('spiral:3', { seed: 5 });
    expect([d.name, d.classes, d.train.count]).toEqual(['spiral:3', 3, 1000]);
    expect((await loadDataset('spiral:3', { seed: 5 })).train.images).toEqual(d.train.images);
    expect((await loadDataset('xor')).classes).toBe(2);
  });

  it('loads the bundled MNIST', async () => {
    const d = await loadDataset('mnist');
    expect([d.name, d.train.count, d.test.count]).toEqual(['mnist', 8000, 2000]);
  });

  it('loads a folder of IDX files, and names what it cannot load', async () => {
    const images = idxBytes(0x803, [2, 3, 3], Array.from({ length: 18 }, (_, i) => i));
    const labels = idxBytes(0x801, [2], [4, 2]);
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(images));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), labels);
    writeFileSync(join(dir, 't10k-images-idx3-ubyte'), images);
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(labels).subarray(0, 20));
    await expect(loadDataset(dir)).rejects.toThrow(`${join(dir, 't10k-labels-idx1-ubyte.gz')}: truncated or corrupt gzip`);
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(labels));
    const d = await loadDataset(dir);
    expect([d.name, d.train.count, d.test.count, ...d.inputShape]).toEqual(['mnist-idx', 2, 2, 3, 3, 1]);
    await expect(loadDataset('/no/such/place')).rejects.toThrow(/^dataset: '\/no\/such\/place' is neither a dataset name/);
  });
});

// Installed by CI (apt dataset-fashion-mnist). Missing under CI=true is a failure, never a
// skip; elsewhere the test is skipped, and says why in its name.
const runFashion = existsSync(FASHION_MNIST_DIR) || process.env.CI === 'true';

describe.runIf(runFashion)(`Fashion-MNIST from ${FASHION_MNIST_DIR}`, () => {
  let d: Dataset;
  beforeAll(async () => { d = await loadDataset('fashion-mnist'); });

  it('has 60,000 train and 10,000 test images of 28×28×1, 10 balanced classes', () => {
    expect([d.name, d.train.count, d.test.count, d.classes]).toEqual(['fashion-mnist', 60_000, 10_000, 10]);
    expect(d.inputShape).toEqual([28, 28, 1]);
    expect(d.classNames).toEqual(FASHION_MNIST_CLASSES);
    expect(classCounts(d.train, 10)).toEqual(new Array(10).fill(6000));
    expect(classCounts(d.test, 10)).toEqual(new Array(10).fill(1000));
    expect(d.train.images.length).toBe(60_000 * 784);
  });

  it('loads by folder path too, named from the path', async () => {
    const byPath = await loadDataset(FASHION_MNIST_DIR);
    expect(byPath.name).toBe('fashion-mnist');
    expect(byPath.test.labels).toEqual(d.test.labels);
  });
});
if (!runFashion) {
  describe(`Fashion-MNIST (${FASHION_MNIST_DIR} missing: apt install dataset-fashion-mnist)`, () => {
    it.skip('is not installed on this machine', () => {});
  });
}
