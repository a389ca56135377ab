/**
 * The command line's experiment: its dataset (a name, or a folder of files) and its
 * fields read by the same table as a link, so a flag is refused exactly where a link
 * field is, with the same message under the flag's name.
 */
import { InputError } from '../engine/errors';
import type { Dataset } from '../data/dataset';
import { loadBundledMnist, loadDataset } from '../data/node';
import { generateSynthetic, isSyntheticName } from '../data/synthetic';
import { parseFields } from '../experiment/config';
import { DATASET_META, DATASETS, type DatasetId } from '../experiment/datasets';
import { FIELDS, type ExperimentConfig } from '../experiment/fields';

/** Reads the experiment flags for a dataset already resolved to `dataset`; throws on the first problem. */
export function experimentOf(fields: readonly [string, string][], dataset: DatasetId): ExperimentConfig {
  const pairs = fields.filter(([k]) => k !== 'dataset').concat([['dataset', dataset]]);
  const { config, errors } = parseFields(pairs, 'cli');
  if (errors.length) throw new InputError(`--${errors[0].field}`, errors[0].message);
  return config;
}

const isDatasetId = (s: string): s is DatasetId => (DATASETS as readonly string[]).includes(s);

/** Which dataset of the table a set read from files is. */
function idOf(dataset: Dataset): DatasetId {
  if (dataset.name === 'fashion-mnist') return 'fashion-mnist';
  if (dataset.name.startsWith('cifar')) return 'cifar10';
  return 'mnist'; // MNIST-style IDX files
}

/**
 * The flags' experiment and its data. `--dataset` takes a name of the table (the 2-D
 * sets are generated from the seed, with the classes of their metadata, as in the page)
 * or a folder of IDX files or CIFAR-10 binaries.
 */
export async function resolveExperiment(fields: readonly [string, string][]): Promise<{ config: ExperimentConfig; dataset: Dataset; source: string }> {
  const given = fields.find(([k]) => k === 'dataset')?.[1] ?? FIELDS.dataset.default;
  if (!isDatasetId(given)) {
    const dataset = await loadDataset(given);
    return { config: experimentOf(fields, idOf(dataset)), dataset, source: given };
  }
  const config = experimentOf(fields, given);
  return { config, dataset: await loadById(given, config.seed), source: given };
}

async function loadById(id: DatasetId, seed: number): Promise<Dataset> {
  if (isSyntheticName(id)) return generateSynthetic(id, seed, { classes: DATASET_META[id].classes });
  if (id === 'mnist') return loadBundledMnist();
  if (id === 'fashion-mnist') return loadDataset('fashion-mnist');
  throw new InputError('--dataset', `${DATASET_META[id].label}: pass the folder that holds its files (${DATASET_META[id].files})`);
}
