/**
 * Datasets by key, each loaded once and shared by every run that needs it. A load that
 * fails is forgotten, so the next request tries again; a replacement is stored only once
 * it has parsed, so a bad file never takes the place of a good set.
 */
import type { Dataset } from './dataset';

export class DatasetCache {
  private readonly entries = new Map<string, Promise<Dataset>>();

  get(key: string, load: () => Promise<Dataset>): Promise<Dataset> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = load();
      this.entries.set(key, entry);
      entry.catch(() => { if (this.entries.get(key) === entry) this.entries.delete(key); });
    }
    return entry;
  }

  /** Stores a dataset that has already loaded. */
  set(key: string, dataset: Dataset): void {
    this.entries.set(key, Promise.resolve(dataset));
  }

  /** The dataset under `key` if one was loaded or is loading. */
  find(key: string): Promise<Dataset> | undefined {
    return this.entries.get(key);
  }
}
