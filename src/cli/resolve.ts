/** Turns parsed CLI flags and a loaded dataset into a RunConfig, naming any bad flag. */
import { InputError } from '../engine/errors';
import type { Dataset } from '../data/dataset';
import type { Distribution } from '../rng/distributions';
import type { Allocation } from '../subspace/compartments';
import { parseArch, toArchitecture } from '../state/arch';
import { paperLearningRate } from '../state/config';
import type { DatasetId } from '../state/datasets';
import { parseRedrawEvery } from '../subspace/redraw';
import type { Method, RunConfig } from '../train/run-config';
import type { Args } from './args';

/** Dataset names of the paper's learning-rate table (DESIGN.md §6). */
function paperDatasetId(dataset: Dataset): DatasetId | null {
  if (dataset.name === 'mnist' || dataset.name === 'fashion-mnist') return dataset.name;
  if (dataset.name.startsWith('cifar')) return 'cifar10';
  return null;
}

export function resolveRunConfig(args: Args, dataset: Dataset): RunConfig {
  const method = args.method as Method;
  let spec;
  try {
    spec = parseArch(String(args.arch));
  } catch (e) {
    throw new InputError('--arch', (e as Error).message);
  }
  const arch = toArchitecture(spec, dataset.classes);
  const archText = String(args.arch);
  const id = paperDatasetId(dataset);
  const paperLr = id && (archText === 'fc' || archText === 'cnn') ? paperLearningRate(archText, id, method) : undefined;
  const lr = args.lr !== undefined ? Number(args.lr) : paperLr ?? 0.1;
  if (!(lr > 0)) throw new InputError('--lr', `must be greater than 0; got ${lr}`);
  let redrawEvery: RunConfig['redrawEvery'];
  try {
    redrawEvery = method === 'fpd' ? 'never' : parseRedrawEvery(String(args.redraw));
  } catch (e) {
    throw new InputError('--redraw', (e as InputError).message.replace(/^redrawEvery: /, ''));
  }
  return {
    arch, method, d: Number(args.d), redrawEvery, dist: args.dist as Distribution, compartments: String(args.compartments),
    alloc: args.alloc as Allocation, lr, batch: Number(args.batch), seed: Number(args.seed), workers: Number(args.workers),
  };
}
