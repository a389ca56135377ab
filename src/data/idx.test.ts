import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../engine/errors';
import { gunzip } from './archive';
import { readDatasetFiles } from './files';
import { idxRole, parseIdx, readIdxDataset, readIdxSplit } from './idx';
import { idxBytes } from './test-fixtures';

// 3 images of 2×3 (odd sizes catch row/column mix-ups) and their labels.
const pixels = Array.from({ length: 3 * 6 }, (_, i) => (i * 37) & 255);
const images = idxBytes(0x803, [3, 2, 3], pixels);
const labels = idxBytes(0x801, [3], [7, 0, 9]);

/** The error `promise` rejects with; fails if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<InputError> {
  const e = await promise.then(() => null, (e: unknown) => e);
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}

describe('IDX reader', () => {
  it('parses a hand-built images file and labels file', () => {
    const x = parseIdx(images, 'x', 'images');
    expect(x.dims).toEqual([3, 2, 3]);
    expect([...x.data]).toEqual(pixels);
    expect([...parseIdx(labels, 'y', 'labels').data]).toEqual([7, 0, 9]);
  });

  it('reads gzip and plain files alike, as a split of shape [h, w, 1]', async () => {
    const plain = await readIdxSplit({ name: 'a', bytes: images }, { name: 'b', bytes: labels });
    const gz = await readIdxSplit({ name: 'a.gz', bytes: gzipSync(images) }, { name: 'b.gz', bytes: gzipSync(labels) });
    expect(plain.inputShape).toEqual([2, 3, 1]);
    expect(gz.inputShape).toEqual([2, 3, 1]);
    expect(gz.split.count).toBe(3);
    expect([...gz.split.images]).toEqual(pixels);
    expect([...gz.split.labels]).toEqual([7, 0, 9]);
  });

  it('recognises the four files by name, in any order, gzip or not', async () => {
    expect(idxRole('/x/t10k-labels-idx1-ubyte.gz')).toEqual({ split: 'test', kind: 'labels' });
    expect(idxRole('train-images.idx3-ubyte')).toEqual({ split: 'train', kind: 'images' });
    expect(idxRole('data_batch_1.bin')).toBeNull();
    const files = [
      { name: 'fashion/t10k-labels-idx1-ubyte', bytes: labels },
      { name: 'fashion/train-images-idx3-ubyte.gz', bytes: gzipSync(images) },
      { name: 'fashion/README', bytes: new Uint8Array(3) },
      { name: 'fashion/train-labels-idx1-ubyte.gz', bytes: gzipSync(labels) },
      { name: 'fashion/t10k-images-idx3-ubyte', bytes: images },
    ];
    const d = await readDatasetFiles(files);
    expect(d.name).toBe('fashion-mnist'); // from the path
    expect(d.classNames?.[9]).toBe('Ankle boot');
    expect([d.train.count, d.test.count, d.classes]).toEqual([3, 3, 10]);
    expect((await readIdxDataset(files.map((f) => ({ ...f, name: f.name.slice(8) })))).name).toBe('mnist-idx');
  });
});

describe('IDX errors name the file and the problem', () => {
  const gz = gzipSync(images);

  it.each([
    ['truncated gzip', gz.subarray(0, gz.length - 10), /train-images\.gz: truncated or corrupt gzip/],
    ['gzip cut inside its header', gz.subarray(0, 5), /train-images\.gz: truncated or corrupt gzip/],
  ])('%s', async (_, bytes, message) => {
    const e = await rejection(readIdxSplit({ name: 'train-images.gz', bytes }, { name: 'y', bytes: labels }));
    expect(e.message).toMatch(message);
    expect(e.field).toBe('train-images.gz');
  });

  it('bad magic', () => {
    expect(() => parseIdx(labels, 'train-images', 'images')).toThrow(/^train-images: bad magic number 0x00000801: expected 0x00000803 \(IDX u8 images\)/);
    expect(() => parseIdx(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), 'x.zip', 'labels')).toThrow(/^x\.zip: bad magic number 0x504b0304/);
  });

  it('wrong length: truncated, trailing bytes, too short for a header', () => {
    expect(() => parseIdx(images.subarray(0, images.length - 1), 'img', 'images')).toThrow(/^img: wrong length \(truncated\): 33 bytes, but its header \[3 × 2 × 3\] needs 34/);
    const long = new Uint8Array(images.length + 2);
    long.set(images);
    expect(() => parseIdx(long, 'img', 'images')).toThrow(/^img: wrong length \(has trailing bytes\)/);
    expect(() => parseIdx(images.subarray(0, 10), 'img', 'images')).toThrow(/^img: is 10 bytes, too short for its 16-byte IDX header/);
    expect(() => parseIdx(new Uint8Array(2), 'img', 'images')).toThrow(/^img: is 2 bytes, too short/);
  });

  it('count mismatch between images and labels', async () => {
    const e = await rejection(readIdxSplit({ name: 'imgs', bytes: images }, { name: 'labs', bytes: idxBytes(0x801, [2], [1, 2]) }));
    expect(e.message).toBe('labs: count mismatch: 2 labels, but imgs has 3 images');
  });

  it('a label outside 0..9', async () => {
    const e = await rejection(readIdxSplit({ name: 'imgs', bytes: images }, { name: 'labs', bytes: idxBytes(0x801, [3], [1, 10, 2]) }));
    expect(e.message).toBe('labs: label 10 of sample 1 is not below 10 classes');
  });

  it('a missing file, and files that are no dataset', async () => {
    const e = await rejection(readIdxDataset([{ name: 'train-images-idx3-ubyte', bytes: images }]));
    expect(e.message).toMatch(/IDX files \(train-images-idx3-ubyte\): missing train-labels-idx1-ubyte\[\.gz\]/);
    expect((await rejection(readDatasetFiles([{ name: 'cat.png', bytes: images }]))).message).toMatch(/^files \(cat\.png\): not a dataset we know/);
  });

  it('gunzip leaves bytes without the gzip magic alone', async () => {
    expect(await gunzip(images, 'x')).toBe(images);
  });
});
