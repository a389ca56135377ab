import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { untar } from './archive';
import { parseCifarBatch } from './cifar';
import { readDatasetFiles } from './files';

const RECORD = 3073;

/** Records whose pixel bytes encode (channel, position) so a CHW/HWC mix-up shows. */
function batch(labels: number[]): Uint8Array {
  const out = new Uint8Array(labels.length * RECORD);
  labels.forEach((y, n) => {
    out[n * RECORD] = y;
    for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) out[n * RECORD + 1 + c * 1024 + p] = (n * 100 + c * 7 + p) & 255;
  });
  return out;
}

/** A minimal ustar archive of `files` (what `tar cf` writes, less the optional fields). */
function tar(files: { name: string; bytes: Uint8Array }[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const f of files) {
    const header = new Uint8Array(512);
    const put = (at: number, s: string) => header.set([...s].map((ch) => ch.charCodeAt(0)), at);
    put(0, f.name);
    put(124, f.bytes.length.toString(8).padStart(11, '0'));
    put(156, '0');
    put(257, 'ustar\u000000');
    blocks.push(header, f.bytes, new Uint8Array((512 - (f.bytes.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((s, b) => s + b.length, 0));
  blocks.reduce((at, b) => (out.set(b, at), at + b.length), 0);
  return out;
}

describe('CIFAR-10 reader', () => {
  it('parses hand-built records and converts CHW to HWC', () => {
    const s = parseCifarBatch(batch([3, 9]), 'data_batch_1.bin');
    expect(s.count).toBe(2);
    expect([...s.labels]).toEqual([3, 9]);
    for (const [n, y, x, c] of [[0, 0, 0, 0], [1, 31, 31, 2], [1, 5, 17, 1], [0, 0, 1, 2]]) {
      const p = y * 32 + x;
      expect(s.images[((n * 32 + y) * 32 + x) * 3 + c]).toBe((n * 100 + c * 7 + p) & 255);
    }
  });

  it('reads batches by name, in numeric order, from files or a tar.gz', async () => {
    const files = [
      { name: 'test_batch.bin', bytes: batch([1]) },
      { name: 'data_batch_2.bin', bytes: batch([5, 6]) },
      { name: 'data_batch_1.bin', bytes: batch([4]) },
      { name: 'batches.meta.txt', bytes: new Uint8Array(10) },
    ];
    const d = await readDatasetFiles(files);
    expect(d.name).toBe('cifar-10');
    expect(d.inputShape).toEqual([32, 32, 3]);
    expect([...d.train.labels]).toEqual([4, 5, 6]);
    expect([...d.test.labels]).toEqual([1]);
    expect(d.classNames?.[1]).toBe('automobile');
    const archive = gzipSync(tar(files.map((f) => ({ ...f, name: `cifar-10-batches-bin/${f.name}` }))));
    const fromTar = await readDatasetFiles([{ name: 'cifar-10-binary.tar.gz', bytes: archive }]);
    expect(fromTar.train.images).toEqual(d.train.images);
    expect([...fromTar.test.labels]).toEqual([1]);
  });

  it('errors name the file and the problem', async () => {
    expect(() => parseCifarBatch(batch([1]).subarray(0, 3000), 'data_batch_3.bin')).toThrow(
      /^data_batch_3\.bin: wrong length: 3000 bytes is not a whole number of 3,073-byte CIFAR-10 records/,
    );
    expect(() => parseCifarBatch(batch([1, 10]), 'test_batch.bin')).toThrow(/^test_batch\.bin: record 1 has label 10; CIFAR-10 labels are 0\.\.9$/);
    await expect(readDatasetFiles([{ name: 'data_batch_1.bin', bytes: batch([1]) }])).rejects.toThrow(/CIFAR-10 files \(data_batch_1\.bin\): missing test_batch\.bin/);
    const cut = tar([{ name: 'test_batch.bin', bytes: batch([1]) }]).subarray(0, 2000);
    expect(() => untar(cut, 'c.tar')).toThrow(/^c\.tar: truncated tar archive at member 'test_batch\.bin'/);
  });
});
