/**
 * CIFAR-10 binary reader (https://www.cs.toronto.edu/~kriz/cifar.html, "binary version"):
 * each record is 1 label byte then 3,072 pixel bytes, channel-major (1,024 red, 1,024 green,
 * 1,024 blue, rows of 32). We store HWC like every other dataset. Pure: bytes in, Split out.
 */
import { InputError } from '../engine/errors';
import { checkSplit, CIFAR10_CLASSES, type Dataset, type Split } from './dataset';
import { basename, gunzip, type NamedBytes } from './archive';

const PIXELS = 32 * 32, RECORD = 1 + 3 * PIXELS;

/** Parses one batch file (already gunzipped); `file` names it in errors. */
export function parseCifarBatch(bytes: Uint8Array, file: string): Split {
  if (bytes.length === 0 || bytes.length % RECORD) {
    throw new InputError(file, `wrong length: ${bytes.length} bytes is not a whole number of 3,073-byte CIFAR-10 records (1 label + 3,072 pixels)`);
  }
  const count = bytes.length / RECORD;
  const images = new Uint8Array(count * 3 * PIXELS);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const record = bytes.subarray(n * RECORD, (n + 1) * RECORD);
    if (record[0] > 9) throw new InputError(file, `record ${n} has label ${record[0]}; CIFAR-10 labels are 0..9`);
    labels[n] = record[0];
    const out = images.subarray(n * 3 * PIXELS);
    for (let p = 0; p < PIXELS; p++) {
      out[3 * p] = record[1 + p];
      out[3 * p + 1] = record[1 + PIXELS + p];
      out[3 * p + 2] = record[1 + 2 * PIXELS + p];
    }
  }
  return { count, images, labels };
}

/** 'train' for data_batch_1..5.bin, 'test' for test_batch.bin, else null. */
export function cifarRole(name: string): 'train' | 'test' | null {
  const base = basename(name);
  if (/^data_batch_\d+\.bin(\.gz)?$/i.test(base)) return 'train';
  return /^test_batch\.bin(\.gz)?$/i.test(base) ? 'test' : null;
}

/** Concatenates splits in order. */
function concat(splits: Split[]): Split {
  const count = splits.reduce((s, x) => s + x.count, 0);
  const images = new Uint8Array(count * 3 * PIXELS), labels = new Uint8Array(count);
  let at = 0;
  for (const s of splits) {
    images.set(s.images, at * 3 * PIXELS);
    labels.set(s.labels, at);
    at += s.count;
  }
  return { count, images, labels };
}

/**
 * CIFAR-10 from its batch files: the data_batch_*.bin present (in numeric order; a subset is
 * allowed, for a smaller train set) and test_batch.bin.
 */
export async function readCifar10(files: readonly NamedBytes[]): Promise<Dataset> {
  const number = (f: NamedBytes) => Number(/(\d+)\.bin/.exec(basename(f.name))?.[1]);
  const trainFiles = files.filter((f) => cifarRole(f.name) === 'train').sort((a, b) => number(a) - number(b));
  const testFile = files.find((f) => cifarRole(f.name) === 'test');
  const listed = `CIFAR-10 files (${files.map((f) => basename(f.name)).join(', ')})`;
  if (!trainFiles.length) throw new InputError(listed, 'missing data_batch_1.bin … data_batch_5.bin');
  if (!testFile) throw new InputError(listed, 'missing test_batch.bin');
  const parse = async (f: NamedBytes) => parseCifarBatch(await gunzip(f.bytes, f.name), f.name);
  const train = concat(await Promise.all(trainFiles.map(parse)));
  const test = await parse(testFile);
  const dataset: Dataset = { name: 'cifar-10', inputShape: [32, 32, 3], classes: 10, classNames: CIFAR10_CLASSES, train, test };
  checkSplit(listed, train, dataset.inputShape, 10);
  return dataset;
}
