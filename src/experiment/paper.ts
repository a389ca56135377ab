/** The paper's learning rates (docs/design.md §6), and the one default η that follows from them. */
import type { DatasetId } from './datasets';
import type { Method } from './enums';

const PAPER_LR: Record<string, [rbd: number, sgd: number]> = {
  'fc/mnist': [1.0, 0.125], 'fc/fashion-mnist': [0.5, 0.25], 'fc/cifar10': [0.25, 0.0078],
  'cnn/mnist': [0.0625, 0.031], 'cnn/fashion-mnist': [0.125, 0.0625], 'cnn/cifar10': [0.125, 0.0156],
};

/**
 * The paper's learning rate for its own networks and datasets, else undefined. The paper
 * lists RBD and SGD rates only; fpd takes the RBD rate, as the paper's code does.
 */
export function paperLearningRate(arch: string, dataset: DatasetId, method: Method): number | undefined {
  const rates = PAPER_LR[`${arch}/${dataset}`];
  return rates && (method === 'sgd' ? rates[1] : rates[0]);
}

/** η where a link or the command line gives none: the paper's, else this. */
export const FALLBACK_LR = 0.1;

export const defaultLearningRate = (arch: string, dataset: DatasetId, method: Method): number =>
  paperLearningRate(arch, dataset, method) ?? FALLBACK_LR;

/** The paper's Table 1, test accuracy in % (docs/design.md §6), for its networks and datasets. */
export const PAPER_ACCURACY: Record<string, { fpd: number; rbd: number; sgd: number }> = {
  'fc/mnist': { fpd: 80.0, rbd: 93.9, sgd: 98.3 }, 'fc/fashion-mnist': { fpd: 77.3, rbd: 85.7, sgd: 87.3 }, 'fc/cifar10': { fpd: 21.4, rbd: 43.8, sgd: 52.1 },
  'cnn/mnist': { fpd: 88.9, rbd: 97.2, sgd: 99.4 }, 'cnn/fashion-mnist': { fpd: 77.8, rbd: 85.6, sgd: 92.0 }, 'cnn/cifar10': { fpd: 37.2, rbd: 54.6, sgd: 81.4 },
};
