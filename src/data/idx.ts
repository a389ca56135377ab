/**
 * IDX reader (the MNIST / Fashion-MNIST layout, http://yann.lecun.com/exdb/mnist/): a
 * big-endian header [0, 0, type 0x08 = u8, ndims] then ndims u32 sizes, then the bytes.
 * Images are 0x00000803 [n, h, w], labels 0x00000801 [n]. Pure: bytes in, Split out.
 */
import { InputError } from '../engine/errors';
import type { Shape } from '../nn/model';
import { checkSplit, FASHION_MNIST_CLASSES, MNIST_CLASSES, type Dataset, type Split } from './dataset';
import { basename, gunzip, type NamedBytes } from './archive';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const MAGIC = { images: 0x00000803, labels: 0x00000801 } as const;

/** Parses one (already gunzipped) IDX file of u8 images or labels; `file` names it in errors. */
export function parseIdx(bytes: Uint8Array, file: string, kind: keyof typeof MAGIC): IdxArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ndims = MAGIC[kind] & 0xff;
  const header = 4 + 4 * ndims;
  if (bytes.length < 4) throw new InputError(file, `is ${bytes.length} bytes, too short for an IDX header`);
  const magic = view.getUint32(0);
  if (magic !== MAGIC[kind]) {
    const hex = (m: number) => `0x${m.toString(16).padStart(8, '0')}`;
    throw new InputError(file, `bad magic number ${hex(magic)}: expected ${hex(MAGIC[kind])} (IDX u8 ${kind})`);
  }
  if (bytes.length < header) throw new InputError(file, `is ${bytes.length} bytes, too short for its ${header}-byte IDX header`);
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i));
  const expected = header + dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== expected) {
    const why = bytes.length < expected ? 'truncated' : 'has trailing bytes';
    throw new InputError(file, `wrong length (${why}): ${bytes.length} bytes, but its header [${dims.join(' × ')}] needs ${expected}`);
  }
  return { dims, data: bytes.subarray(header) };
}

/** One split from an images file and a labels file, gunzipped first where they are gzip. */
export async function readIdxSplit(images: NamedBytes, labels: NamedBytes): Promise<{ split: Split; inputShape: Shape }> {
  const x = parseIdx(await gunzip(images.bytes, images.name), images.name, 'images');
  const y = parseIdx(await gunzip(labels.bytes, labels.name), labels.name, 'labels');
  const [count, h, w] = x.dims;
  if (y.dims[0] !== count) throw new InputError(labels.name, `count mismatch: ${y.dims[0]} labels, but ${images.name} has ${count} images`);
  const split = { count, images: x.data, labels: y.data };
  checkSplit(labels.name, split, [h, w, 1], 10); // MNIST-style IDX sets have 10 classes
  return { split, inputShape: [h, w, 1] };
}

/** Which of the four IDX files a name is: train/t10k × images/labels, with or without .gz. */
export function idxRole(name: string): { split: 'train' | 'test'; kind: 'images' | 'labels' } | null {
  const m = /^(train|t10k|test)[-_.]?(images|labels)[-_.]?idx[13][-_.]ubyte(\.gz)?$/i.exec(basename(name));
  return m ? { split: m[1].toLowerCase() === 'train' ? 'train' : 'test', kind: m[2].toLowerCase() as 'images' | 'labels' } : null;
}

/**
 * A Dataset from the four IDX files (any order, extra files ignored). Named
 * 'fashion-mnist' (with its class names) when `name` or a path says so, else 'mnist-idx'.
 */
export async function readIdxDataset(files: readonly NamedBytes[], name?: string): Promise<Dataset> {
  const find = (split: string, kind: string) => {
    const file = files.find((f) => { const r = idxRole(f.name); return r?.split === split && r.kind === kind; });
    if (!file) {
      const want = `${split === 'train' ? 'train' : 't10k'}-${kind}-idx${kind === 'images' ? 3 : 1}-ubyte[.gz]`;
      throw new InputError(`IDX files (${files.map((f) => basename(f.name)).join(', ')})`, `missing ${want}`);
    }
    return file;
  };
  const train = await readIdxSplit(find('train', 'images'), find('train', 'labels'));
  const test = await readIdxSplit(find('test', 'images'), find('test', 'labels'));
  if (train.inputShape.join() !== test.inputShape.join()) {
    throw new InputError(find('test', 'images').name, `images are ${test.inputShape.join('×')}, but the train images are ${train.inputShape.join('×')}`);
  }
  const fashion = /fashion/i.test(name ?? files.map((f) => f.name).join(' '));
  return {
    name: name ?? (fashion ? 'fashion-mnist' : 'mnist-idx'),
    inputShape: train.inputShape,
    classes: 10,
    classNames: fashion ? FASHION_MNIST_CLASSES : MNIST_CLASSES,
    train: train.split,
    test: test.split,
  };
}
