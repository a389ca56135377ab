/**
 * The worker's datasets, by experiment: the synthetic sets generated from the run's seed
 * with the class count of their metadata, the bundled MNIST, and the file sets the page
 * loaded (Fashion-MNIST, CIFAR-10), checked against their metadata before they are kept.
 */
import { loadBundledMnist, loadFiles, loadUrls } from '../data/browser';
import { DatasetCache } from '../data/cache';
import type { Dataset } from '../data/dataset';
import { generateSynthetic, isSyntheticName } from '../data/synthetic';
import { DATASET_META, type DatasetId } from '../experiment/datasets';
import type { FileDatasetId } from './protocol';

export class WorkerDatasets {
  private readonly cache = new DatasetCache();

  /** The dataset a run of `id` with `seed` trains on. */
  forRun(id: DatasetId, seed: number): Promise<Dataset> {
    if (isSyntheticName(id)) return this.cache.get(`${id}:${seed}`, async () => generateSynthetic(id, seed, { classes: DATASET_META[id].classes }));
    if (id === 'mnist') return this.cache.get(id, () => loadBundledMnist());
    const meta = DATASET_META[id];
    return this.cache.find(id) ?? Promise.reject(Object.assign(new Error(`${meta.label}: load its files first (${meta.files})`), { field: 'dataset' }));
  }

  /** Reads a file set from files or URLs; only a set that parsed and fits its metadata replaces the one kept. */
  async load(id: FileDatasetId, source: { files?: File[]; urls?: string[] }): Promise<Dataset> {
    const ds = source.files?.length ? await loadFiles(source.files, id) : await loadUrls(source.urls ?? [], id);
    const meta = DATASET_META[id];
    if (ds.classes !== meta.classes || ds.inputShape.join() !== meta.inputShape.join()) {
      throw Object.assign(new Error(`these files hold ${ds.inputShape.join('×')} images in ${ds.classes} classes, not ${meta.label}'s ${meta.inputShape.join('×')} in ${meta.classes}`), { field: 'dataset' });
    }
    this.cache.set(id, ds);
    return ds;
  }
}
