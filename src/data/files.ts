/**
 * Recognises a set of dataset files by name and reads it, for every route: the browser's
 * picker, drag-and-drop and fetch, and a folder in Node. Pure: no DOM and no node:fs.
 */
import { InputError } from '../engine/errors';
import { basename, gunzip, isTar, untar, type NamedBytes } from './archive';
import { cifarRole, readCifar10 } from './cifar';
import type { Dataset } from './dataset';
import { idxRole, readIdxDataset } from './idx';

/**
 * A Dataset from files picked, dropped, fetched or read from a folder: gzip and tar are
 * unpacked, then the set is recognised by name, as IDX (train-images-idx3-ubyte, …) or
 * CIFAR-10 (data_batch_1.bin, …, test_batch.bin). `name` overrides the dataset's name.
 */
export async function readDatasetFiles(files: readonly NamedBytes[], name?: string): Promise<Dataset> {
  const expanded: NamedBytes[] = [];
  for (const f of files) {
    // Only archives are gunzipped here; single .gz data files are gunzipped by their reader.
    if (/\.(tar|tgz|tar\.gz)$/i.test(f.name) || isTar(f.bytes)) expanded.push(...untar(await gunzip(f.bytes, f.name), f.name));
    else expanded.push(f);
  }
  if (expanded.some((f) => idxRole(f.name))) return readIdxDataset(expanded, name);
  if (expanded.some((f) => cifarRole(f.name))) return { ...(await readCifar10(expanded)), ...(name ? { name } : {}) };
  throw new InputError(
    `files (${expanded.map((f) => basename(f.name)).join(', ') || 'none'})`,
    'not a dataset we know: expected the IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, ' +
      't10k-labels-idx1-ubyte (each optionally .gz), or CIFAR-10 binaries data_batch_1..5.bin and test_batch.bin (or cifar-10-binary.tar.gz)',
  );
}
