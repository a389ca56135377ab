/**
 * The subspace kernels as typed descriptions (src/engine/kernel.ts). Shared WGSL is
 * prepended by concatenation: the generator, then shaders/subspace/common.wgsl, then
 * the compartment lookup for kernels that map a direction to its compartment.
 */
import common from '../../shaders/subspace/common.wgsl?raw';
import lookup from '../../shaders/subspace/lookup.wgsl?raw';
import project from '../../shaders/subspace/project.wgsl?raw';
import projectReduce from '../../shaders/subspace/project_reduce.wgsl?raw';
import update from '../../shaders/subspace/update.wgsl?raw';
import accumulateCHat from '../../shaders/subspace/accumulate_chat.wgsl?raw';
import materialize from '../../shaders/subspace/materialize.wgsl?raw';
import projectDense from '../../shaders/subspace/project_dense.wgsl?raw';
import updateDense from '../../shaders/subspace/update_dense.wgsl?raw';
import { createKernel, type Kernel, type KernelSpec } from '../engine/kernel';
import { RNG_WGSL } from '../rng/wgsl';
import type { SubspaceTiles } from './layout';

const BASE = `${RNG_WGSL}\n${common}\n`;
const WITH_LOOKUP = `${BASE}${lookup}\n`;

/** Threads per workgroup of the one-thread-per-element kernels. */
export const WORKGROUP_SIZE = 64;

export interface FusedKernels {
  project: Kernel;
  projectReduce: Kernel;
  update: Kernel;
  accumulateCHat: Kernel;
}

/**
 * Compiles one after another: createKernel wraps each compile in an error scope across
 * awaits, and scopes of concurrent compiles interleave, so an error could be reported
 * under another kernel's label.
 */
async function compileAll(device: GPUDevice, specs: KernelSpec[]): Promise<Kernel[]> {
  const kernels: Kernel[] = [];
  for (const spec of specs) kernels.push(await createKernel(device, spec));
  return kernels;
}

export async function fusedKernels(device: GPUDevice, tiles: SubspaceTiles): Promise<FusedKernels> {
  const [p, r, u, a] = await compileAll(device, [
    {
      label: 'subspace.project', code: BASE + project,
      bindings: ['uniform', 'read-only-storage', 'read-only-storage', 'read-only-storage', 'storage'],
      constants: { threads: tiles.projectThreads, chunkSize: tiles.chunkSize },
    },
    {
      label: 'subspace.projectReduce', code: WITH_LOOKUP + projectReduce,
      bindings: ['uniform', 'read-only-storage', 'read-only-storage', 'storage'],
      constants: { workgroupSize: WORKGROUP_SIZE },
    },
    {
      label: 'subspace.update', code: BASE + update,
      bindings: ['uniform', 'read-only-storage', 'read-only-storage', 'read-only-storage', 'storage'],
      constants: { threads: tiles.updateThreads },
    },
    {
      label: 'subspace.accumulateCHat', code: BASE + accumulateCHat,
      bindings: ['uniform', 'read-only-storage', 'storage'],
      constants: { workgroupSize: WORKGROUP_SIZE },
    },
  ]);
  return { project: p, projectReduce: r, update: u, accumulateCHat: a };
}

export interface DenseKernels {
  materialize: Kernel;
  projectDense: Kernel;
  updateDense: Kernel;
}

export async function denseKernels(device: GPUDevice): Promise<DenseKernels> {
  const constants = { workgroupSize: WORKGROUP_SIZE };
  const [m, p, u] = await compileAll(device, [
    {
      label: 'subspace.materialize', code: WITH_LOOKUP + materialize,
      bindings: ['uniform', 'read-only-storage', 'storage'], constants,
    },
    {
      label: 'subspace.projectDense', code: BASE + projectDense,
      bindings: ['uniform', 'read-only-storage', 'read-only-storage', 'storage'], constants,
    },
    {
      label: 'subspace.updateDense', code: BASE + updateDense,
      bindings: ['uniform', 'read-only-storage', 'read-only-storage', 'storage'], constants,
    },
  ]);
  return { materialize: m, projectDense: p, updateDense: u };
}
