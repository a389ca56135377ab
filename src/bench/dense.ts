/**
 * The materialised-P baseline (docs/design.md §5): P = [W·Σd_k × D] is written once per redraw
 * epoch and multiplied as a stored matrix. For tests (fused = materialised) and
 * benchmarks (time, bytes, the largest d that fits) only; training never stores P, so it
 * lives here and not in src/subspace. Its WGSL stays beside the fused kernels'
 * (shaders/subspace/), whose structs and lookup it shares.
 */
import materialize from '../../shaders/subspace/materialize.wgsl?raw';
import projectDense from '../../shaders/subspace/project_dense.wgsl?raw';
import updateDense from '../../shaders/subspace/update_dense.wgsl?raw';
import { createBuffer, UNIFORM, uploadBuffer } from '../engine/buffers';
import { DeviceLimitError } from '../engine/errors';
import { grid2d, type Kernel } from '../engine/kernel';
import { DIST_CODE } from '../rng/distributions';
import { checkDist, checkEpoch, checkLearningRate, checkShape, checkSize } from '../subspace/checks';
import { checkCompartments, totalDirs } from '../subspace/compartments';
import type { SubspaceConfig } from '../subspace/gpu';
import { compileAll, WGSL_BASE, WGSL_WITH_LOOKUP, WORKGROUP_SIZE } from '../subspace/kernels';
import { DEFAULT_TILES, packCompartments, packParams, PARAMS_BYTES } from '../subspace/layout';

export interface DenseSubspace {
  /** P: [W·Σd_k × D] f32, row w·Σd_k + i is φ_{w,i} (zero outside its compartment). */
  readonly basis: GPUBuffer;
  /** Bytes of P. */
  readonly basisBytes: number;
  /** Σ d_k. */
  readonly dirs: number;
  /** [W × Σd_k] f32, as Subspace.coordinates. */
  readonly coordinates: GPUBuffer;
  /** Records P ← the basis of redraw epoch r. */
  recordMaterialize(pass: GPUComputePassEncoder, epoch: number): void;
  /** Records c = P g with the stored P; `grads` is [W × D]. */
  recordProject(pass: GPUComputePassEncoder, grads: GPUBuffer): void;
  /** Records θ −= η Pᵀ c with the stored P. */
  recordUpdate(pass: GPUComputePassEncoder, theta: GPUBuffer, lr: number): void;
  destroy(): void;
}

interface DenseKernels {
  materialize: Kernel;
  projectDense: Kernel;
  updateDense: Kernel;
}

async function denseKernels(device: GPUDevice): Promise<DenseKernels> {
  const constants = { workgroupSize: WORKGROUP_SIZE };
  const [m, p, u] = await compileAll(device, [
    {
      label: 'subspace.materialize', code: WGSL_WITH_LOOKUP + materialize,
      bindings: ['uniform', 'read-only-storage', 'storage'], constants,
    },
    {
      label: 'subspace.projectDense', code: WGSL_BASE + projectDense,
      bindings: ['uniform', 'read-only-storage', 'read-only-storage', 'storage'], constants,
    },
    {
      label: 'subspace.updateDense', code: WGSL_BASE + updateDense,
      bindings: ['uniform', 'read-only-storage', 'read-only-storage', 'storage'], constants,
    },
  ]);
  return { materialize: m, projectDense: p, updateDense: u };
}

/** Bytes P would take; refuses (DeviceLimitError) a P over maxStorageBufferBindingSize. */
export function checkBasisFits(device: GPUDevice, rows: number, D: number): number {
  const bytes = rows * D * 4;
  const limit = device.limits.maxStorageBufferBindingSize;
  if (bytes > limit) throw new DeviceLimitError(`materialised P (${rows} × ${D})`, 'maxStorageBufferBindingSize', bytes, limit);
  return bytes;
}

export async function createDenseSubspace(device: GPUDevice, config: Omit<SubspaceConfig, 'tiles' | 'keepCHat'>): Promise<DenseSubspace> {
  const { D, workers, seed, dist, compartments } = config;
  checkShape(D, workers, seed);
  checkDist(dist);
  checkCompartments(compartments, D);
  const dirs = totalDirs(compartments);
  const basisBytes = checkBasisFits(device, workers * dirs, D);
  const kernels = await denseKernels(device);
  const { table } = packCompartments(compartments, DEFAULT_TILES);
  const tableBuffer = uploadBuffer(device, 'subspaceDense.compartments', table);
  const params = createBuffer(device, 'subspaceDense.params', PARAMS_BYTES, UNIFORM);
  const basis = createBuffer(device, 'subspaceDense.basis', basisBytes);
  const coordinates = createBuffer(device, 'subspaceDense.coordinates', workers * dirs * 4);
  // One uniform for all three kernels: every write carries the latest epoch and η.
  let epoch = 0, lr = 0;
  const writeParams = () => device.queue.writeBuffer(params, 0, packParams({
    seed, epoch, dist: DIST_CODE[dist], workers, dirs, params: D, tasks: 0, lr, partials: 0, compartments: compartments.length,
  }));
  writeParams();
  const grid = (n: number) => grid2d(device, Math.ceil(n / WORKGROUP_SIZE));

  return {
    basis, basisBytes, dirs, coordinates,
    recordMaterialize(pass, r) {
      checkEpoch(r);
      epoch = r;
      writeParams();
      const k = kernels.materialize;
      k.dispatch(pass, k.bind([params, tableBuffer, basis], 'subspaceDense.materialize.bindGroup'), ...grid(workers * dirs * Math.ceil(D / 4)));
    },
    recordProject(pass, grads) {
      checkSize(grads, workers * D, 'gradients');
      const k = kernels.projectDense;
      k.dispatch(pass, k.bind([params, basis, grads, coordinates], 'subspaceDense.project.bindGroup'), ...grid(workers * dirs));
    },
    recordUpdate(pass, theta, eta) {
      checkLearningRate(eta);
      checkSize(theta, D, 'theta');
      lr = eta;
      writeParams();
      const k = kernels.updateDense;
      k.dispatch(pass, k.bind([params, basis, coordinates, theta], 'subspaceDense.update.bindGroup'), ...grid(D));
    },
    destroy() {
      for (const b of [tableBuffer, params, basis, coordinates]) b.destroy();
    },
  };
}
