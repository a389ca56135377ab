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
import { createKernel, type Kernel, type KernelSpec } from '../engine/kernel';
import { RNG_WGSL } from '../rng/wgsl';
import type { SubspaceTiles } from './layout';

/** The generator and the shared structs, for every subspace kernel (and the dense baseline's in src/bench). */
export const WGSL_BASE = `${RNG_WGSL}\n${common}\n`;
/** WGSL_BASE and the direction → compartment lookup. */
export const WGSL_WITH_LOOKUP = `${WGSL_BASE}${lookup}\n`;

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
export async function compileAll(device: GPUDevice, specs: KernelSpec[]): Promise<Kernel[]> {
  const kernels: Kernel[] = [];
  for (const spec of specs) kernels.push(await createKernel(device, spec));
  return kernels;
}

export async function fusedKernels(device: GPUDevice, tiles: SubspaceTiles): Promise<FusedKernels> {
  const [p, r, u, a] = await compileAll(device, [
    {
      label: 'subspace.project', code: WGSL_BASE + project,
      // params, compartments, tasks, grads, partials, members
      bindings: ['uniform', 'read-only-storage', 'read-only-storage', 'read-only-storage', 'storage', 'read-only-storage'],
      constants: { threads: tiles.projectThreads, chunkSize: tiles.chunkSize },
    },
    {
      label: 'subspace.projectReduce', code: WGSL_WITH_LOOKUP + projectReduce,
      bindings: ['uniform', 'read-only-storage', 'read-only-storage', 'storage'],
      constants: { workgroupSize: WORKGROUP_SIZE },
    },
    {
      label: 'subspace.update', code: WGSL_BASE + update,
      // params, compartments, tasks, coordinates, theta, members
      bindings: ['uniform', 'read-only-storage', 'read-only-storage', 'read-only-storage', 'storage', 'read-only-storage'],
      constants: { threads: tiles.updateThreads },
    },
    {
      label: 'subspace.accumulateCHat', code: WGSL_BASE + accumulateCHat,
      bindings: ['uniform', 'read-only-storage', 'storage'],
      constants: { workgroupSize: WORKGROUP_SIZE },
    },
  ]);
  return { project: p, projectReduce: r, update: u, accumulateCHat: a };
}
