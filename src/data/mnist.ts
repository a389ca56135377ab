/**
 * The bundled MNIST (public/data/mnist.bin, written by build-mnist.mjs, which documents the
 * split): header of 8 little-endian u32 [magic 'RBPM', version, trainCount, testCount,
 * height, width, channels, classes], then train images (u8, NHWC), train labels, test images,
 * test labels. Pure: bytes in, Dataset out; the images are views into `bytes`, not copies.
 */
import { InputError } from '../engine/errors';
import { checkSplit, MNIST_CLASSES, type Dataset, type Split } from './dataset';

export const MNIST_BIN_MAGIC = 'RBPM';
export const MNIST_BIN_VERSION = 1;
const HEADER = 32;

export function parseMnistBin(bytes: Uint8Array, file = 'mnist.bin'): Dataset {
  if (bytes.length < HEADER) throw new InputError(file, `is ${bytes.length} bytes, too short for the ${HEADER}-byte header`);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== MNIST_BIN_MAGIC) throw new InputError(file, `bad magic '${magic}', expected '${MNIST_BIN_MAGIC}' (rebuild it: npm run data)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [version, trainCount, testCount, h, w, c, classes] = Array.from({ length: 7 }, (_, i) => view.getUint32(4 + 4 * i, true));
  if (version !== MNIST_BIN_VERSION) throw new InputError(file, `is version ${version}, this build reads ${MNIST_BIN_VERSION} (rebuild it: npm run data)`);
  const F = h * w * c;
  const expected = HEADER + (trainCount + testCount) * (F + 1);
  if (bytes.length !== expected) throw new InputError(file, `wrong length: ${bytes.length} bytes, its header needs ${expected}`);
  let at = HEADER;
  const take = (n: number) => bytes.subarray(at, (at += n));
  const split = (count: number): Split => ({ count, images: take(count * F), labels: take(count) });
  const train = split(trainCount);
  const test = split(testCount);
  const dataset: Dataset = { name: 'mnist', inputShape: [h, w, c], classes, classNames: classes === 10 ? MNIST_CLASSES : undefined, train, test };
  checkSplit(`${file} (train)`, train, dataset.inputShape, classes);
  checkSplit(`${file} (test)`, test, dataset.inputShape, classes);
  return dataset;
}
