/**
 * What the UI, the URL codec and the worker need to know about each dataset before
 * any data is loaded: the input shape (for planModel), the class count and how the
 * data arrives. Pure data, no DOM, so the worker can import it too.
 */
import type { Shape } from '../nn/model';
import { CIFAR10_CLASSES, FASHION_MNIST_CLASSES, MNIST_CLASSES } from '../data/dataset';

export const DATASETS = ['mnist', 'fashion-mnist', 'cifar10', 'spiral', 'circles', 'xor', 'gaussians'] as const;
export type DatasetId = (typeof DATASETS)[number];

export interface DatasetMeta {
  id: DatasetId;
  label: string;
  /** [height, width, channels]; 2-D points are [1, 1, 2]. */
  inputShape: Shape;
  classes: number;
  /** 'bundled' ships with the app; 'file' must be picked, dropped or fetched by URL; 'synthetic' is generated from the seed. */
  source: 'bundled' | 'file' | 'synthetic';
  /** Images get a confusion matrix and a predictions grid; 2-D sets get a decision boundary. */
  kind: 'image' | 'points';
  /** Class names for the confusion matrix and the predictions grid. */
  classNames: readonly string[];
  /** For 'file' sets: which files to provide, shown next to the file picker. */
  files?: string;
}

const points = (id: DatasetId, label: string, classes: number): DatasetMeta => ({
  id, label, inputShape: [1, 1, 2], classes, source: 'synthetic', kind: 'points',
  classNames: Array.from({ length: classes }, (_, i) => `class ${i}`),
});

export const DATASET_META: Record<DatasetId, DatasetMeta> = {
  mnist: { id: 'mnist', label: 'MNIST (bundled)', inputShape: [28, 28, 1], classes: 10, source: 'bundled', kind: 'image', classNames: MNIST_CLASSES },
  'fashion-mnist': {
    id: 'fashion-mnist', label: 'Fashion-MNIST (your files)', inputShape: [28, 28, 1], classes: 10, source: 'file', kind: 'image',
    classNames: FASHION_MNIST_CLASSES,
    files: 'train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz), t10k-labels-idx1-ubyte(.gz)',
  },
  cifar10: {
    id: 'cifar10', label: 'CIFAR-10 (your files)', inputShape: [32, 32, 3], classes: 10, source: 'file', kind: 'image',
    classNames: CIFAR10_CLASSES,
    files: 'data_batch_1.bin … data_batch_5.bin, test_batch.bin (the binary version)',
  },
  // The worker must generate spiral with classes: 3 (src/data/synthetic.ts defaults to 2).
  spiral: points('spiral', 'Spiral (3 arms)', 3),
  circles: points('circles', 'Circles', 2),
  xor: points('xor', 'XOR', 2),
  gaussians: points('gaussians', 'Two Gaussians', 2),
};
