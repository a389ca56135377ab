/**
 * The Dataset type every reader returns and every trainer consumes, and the CPU gather
 * (the twin of shaders/data/gather.wgsl). Pure TS: no DOM, no node:fs, no GPU.
 *
 * Normalisation: images stay u8 (0..255) in memory and on the GPU, packed 4 per u32 word,
 * which quarters the memory against f32 (MNIST train 6.3 MB instead of 25; CIFAR-10 train
 * 154 MB instead of 614). The gather turns a byte q into the f32 q · f32(1/255) as it
 * copies a batch; `normalize` below is that same product, so CPU and GPU agree bit for bit
 * (a multiply is correctly rounded in WGSL, a division is not). Synthetic sets are already
 * f32 and pass through unchanged.
 */
import { InputError } from '../engine/errors';
import { size, type Shape } from '../nn/model';

export interface Split {
  /** Number of samples. */
  count: number;
  /** count × size(inputShape) values, sample-major and channels-last (NHWC). u8 are 0..255. */
  images: Uint8Array | Float32Array;
  /** count class indices, each < classes. */
  labels: Uint8Array;
}

export interface Dataset {
  /** 'mnist', 'fashion-mnist', 'cifar-10', 'spiral', … (shown in the UI, part of a preset). */
  name: string;
  /** [height, width, channels]; 2-D points are [1, 1, 2]. */
  inputShape: Shape;
  classes: number;
  /** One name per class where known, e.g. 'T-shirt/top'. */
  classNames?: readonly string[];
  train: Split;
  test: Split;
}

export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;
export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;

/** f32(1/255): the one rounding shared by `normalize` and the WGSL gather. */
export const INV_255 = Math.fround(1 / 255);

/** A stored u8 pixel as the network sees it: q · f32(1/255), rounded to f32. */
export const normalize = (q: number) => Math.fround(q * INV_255);

/** Features per sample, F = h·w·c. */
export const features = (d: Pick<Dataset, 'inputShape'>) => size(d.inputShape);

/** Checks a split's lengths and labels against its shape; `what` names it in the error. */
export function checkSplit(what: string, split: Split, inputShape: Shape, classes: number): void {
  const F = size(inputShape);
  if (split.images.length !== split.count * F) {
    throw new InputError(what, `has ${split.images.length} image values, expected ${split.count} × ${F}`);
  }
  if (split.labels.length !== split.count) throw new InputError(what, `has ${split.labels.length} labels for ${split.count} images`);
  const bad = split.labels.findIndex((y) => y >= classes);
  if (bad >= 0) throw new InputError(what, `label ${split.labels[bad]} of sample ${bad} is not below ${classes} classes`);
}

/** Samples per class, e.g. to check a split is balanced. */
export function classCounts(split: Split, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const y of split.labels) counts[y]++;
  return counts;
}

/**
 * The CPU gather: the batch of `batch` samples at positions [offset, offset + batch) of
 * `order`, as normalised f32 inputs [batch × F] and u32 labels [batch].
 */
export function gatherBatch(split: Split, order: Uint32Array, offset: number, batch: number): { inputs: Float32Array; labels: Uint32Array } {
  if (offset < 0 || offset + batch > order.length) throw new RangeError(`batch [${offset}, ${offset + batch}) is outside the order of ${order.length}`);
  const F = split.images.length / split.count;
  const inputs = new Float32Array(batch * F);
  const labels = new Uint32Array(batch);
  for (let i = 0; i < batch; i++) {
    const n = order[offset + i];
    const row = split.images.subarray(n * F, (n + 1) * F);
    if (split.images instanceof Uint8Array) for (let f = 0; f < F; f++) inputs[i * F + f] = normalize(row[f]);
    else inputs.set(row, i * F);
    labels[i] = split.labels[n];
  }
  return { inputs, labels };
}
