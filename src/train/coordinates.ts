/**
 * A trained fpd model in a few numbers (docs/design.md §2): {seed, architecture, dataset, ĉ}.
 * With r ≡ 0, θ_t = θ_0 + Σ_w P_w ĉ_w, so importing rebuilds θ from d numbers with no data:
 * θ_0 from the seed, then one update pass with the coordinates set to ĉ and η = −1.
 * Files are the caller's (the CLI reads and writes them); this holds no I/O.
 */
import { readF32 } from '../engine/buffers';
import { InputError } from '../engine/errors';
import type { Trainer } from './trainer';

export interface CoordinatesFile {
  format: 'random-bases-coordinates';
  version: 1;
  seed: number;
  architecture: string;
  dataset: string;
  D: number;
  d: number;
  dist: string;
  compartments: string;
  alloc: string;
  workers: number;
  /** ĉ, [W × Σd_k]. */
  cHat: number[];
  /** The redraw epoch r of the fixed basis: 0 for a run that was fpd from step 0, else the step it switched to fpd at. */
  basisEpoch?: number;
  /** θ_a where such a switch started ĉ at zero (θ = θ_a + Pĉ): {seed, architecture, ĉ} alone rebuilds only a run fpd from step 0. */
  anchor?: number[];
}

/** The coordinates file of a trained fpd run. */
export async function exportCoordinates(trainer: Trainer, dataset: string): Promise<CoordinatesFile> {
  const { config, subspace, device } = trainer;
  if (config.method !== 'fpd' || !subspace) throw new InputError('--export-coords', 'needs --method fpd (only a fixed subspace keeps θ = θ0 + Pĉ)');
  const cHat = await readF32(device, subspace.cHat, config.workers * subspace.dirs);
  const anchor = trainer.anchor && (await readF32(device, trainer.anchor, trainer.plan.D));
  const out: CoordinatesFile = {
    format: 'random-bases-coordinates', version: 1, seed: config.seed, architecture: JSON.stringify(config.arch.layers), dataset,
    D: trainer.plan.D, d: config.d, dist: config.dist, compartments: config.compartments, alloc: config.alloc, workers: config.workers, cHat: [...cHat],
    basisEpoch: trainer.basisEpoch, ...(anchor ? { anchor: [...anchor] } : {}),
  };
  return out;
}

/**
 * Rebuilds θ = θ0 + Σ_w P_w ĉ_w (θ_a instead of θ0 where the file has an anchor) in
 * `trainer` (freshly created with the same flags) from the text of a coordinates file;
 * `file` names it in errors.
 */
export async function importCoordinates(trainer: Trainer, text: string, file: string, dataset: string): Promise<void> {
  let data: CoordinatesFile;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, `is not a coordinates file: ${(e as Error).message}`);
  }
  const { config, subspace, device } = trainer;
  const mismatch = (what: string, want: unknown, got: unknown) =>
    new InputError(file, `was made for ${what} ${String(got)}, but this run has ${String(want)}: pass the same flags as when it was exported`);
  if (data.format !== 'random-bases-coordinates') throw new InputError(file, 'is not a coordinates file (no "format": "random-bases-coordinates")');
  if (config.method !== 'fpd' || !subspace) throw new InputError('--import-coords', 'needs --method fpd');
  if (data.architecture !== JSON.stringify(config.arch.layers)) throw mismatch('architecture', config.arch.name, data.architecture);
  if (data.seed !== config.seed) throw mismatch('seed', config.seed, data.seed);
  if (data.dataset !== dataset) throw mismatch('dataset', dataset, data.dataset);
  for (const key of ['d', 'dist', 'compartments', 'alloc', 'workers'] as const) {
    if (data[key] !== config[key]) throw mismatch(key, config[key], data[key]);
  }
  if (!Array.isArray(data.cHat) || data.cHat.length !== config.workers * subspace.dirs || !data.cHat.every(Number.isFinite)) {
    throw new InputError(file, `cHat must hold ${config.workers * subspace.dirs} finite numbers`);
  }
  const r = data.basisEpoch ?? 0;
  if (!(Number.isInteger(r) && r >= 0)) throw new InputError(file, `basisEpoch must be a whole number ≥ 0, got ${r}`);
  if (data.anchor !== undefined) {
    if (!Array.isArray(data.anchor) || data.anchor.length !== trainer.plan.D || !data.anchor.every(Number.isFinite)) {
      throw new InputError(file, `anchor must hold D = ${trainer.plan.D} finite numbers`);
    }
    device.queue.writeBuffer(trainer.network.theta, 0, Float32Array.from(data.anchor)); // θ_a instead of θ0
  }
  device.queue.writeBuffer(subspace.coordinates, 0, Float32Array.from(data.cHat));
  const encoder = device.createCommandEncoder({ label: 'coordinates.import' });
  const pass = encoder.beginComputePass({ label: 'coordinates.import.pass' });
  subspace.recordUpdate(pass, trainer.network.theta, -1, r); // θ −= (−1)·Σ_w P_w ĉ_w
  pass.end();
  device.queue.submit([encoder.finish()]);
  subspace.resetCHat();
}
