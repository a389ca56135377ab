/**
 * The sums behind the correlations of docs/design.md §11, on the GPU: per compartment
 * [a_k, b_k), Σ u·v, Σ u² and Σ v², where v = Σ_s v_s adds S slots (the W workers'
 * gradients). Two passes (shaders/subspace/correlation_partials.wgsl, then
 * correlation_reduce.wgsl), no atomics: the same sums on every run on one device.
 *
 * Like a Subspace it records into a caller's pass and never submits or reads back. Its one
 * uniform is written while recording, so record at most once per submit. CPU twin:
 * correlationSums in src/reference/correlation.ts.
 */
import common from '../../shaders/subspace/correlation_common.wgsl?raw';
import partials from '../../shaders/subspace/correlation_partials.wgsl?raw';
import reduce from '../../shaders/subspace/correlation_reduce.wgsl?raw';
import { createBuffer, STORAGE, UNIFORM, uploadBuffer } from '../engine/buffers';
import { InputError } from '../engine/errors';
import { grid2d } from '../engine/kernel';
import { checkSize } from './checks';
import { compileAll } from './kernels';

/** The partials' workgroup: `threads` (a power of two, for the tree) × `items` entries each. */
export const CORRELATION_TILE = { threads: 64, items: 16 } as const;
/** Parameters per partials workgroup. */
export const CORRELATION_CHUNK = CORRELATION_TILE.threads * CORRELATION_TILE.items;
const REDUCE_WORKGROUP = 64;
const PARAMS_BYTES = 32;

/** [a_k, b_k) of each compartment, in order. */
export type Ranges = readonly (readonly [number, number])[];

/**
 * The partials' work list, per workgroup (k, first, end, 0) with end − first ≤ chunk, and
 * per compartment (first task, task count), for the reduce pass.
 */
export function correlationTasks(ranges: Ranges, chunk = CORRELATION_CHUNK): { tasks: Uint32Array; perCompartment: Uint32Array } {
  const tasks: number[] = [], perCompartment: number[] = [];
  ranges.forEach(([a, b], k) => {
    perCompartment.push(tasks.length / 4, Math.ceil((b - a) / chunk));
    for (let first = a; first < b; first += chunk) tasks.push(k, first, Math.min(b, first + chunk), 0);
  });
  return { tasks: Uint32Array.from(tasks), perCompartment: Uint32Array.from(perCompartment) };
}

export interface Correlation {
  readonly D: number;
  /** K: the compartments summed over. */
  readonly compartments: number;
  /** [uses × K × 3] f32: (Σ uv, Σ uu, Σ vv) of compartment k for use i at (i·K + k)·3. */
  readonly sums: GPUBuffer;
  /** Bytes of every buffer it holds. */
  readonly bytes: number;
  /** Records the sums of u [D] against v = Σ_s v_s (`v` holds `slots` vectors of D) into use `use` of `sums`. */
  record(pass: GPUComputePassEncoder, u: GPUBuffer, v: GPUBuffer, slots: number, use: number): void;
  destroy(): void;
}

/** Sums over the compartments `ranges` (they need not tile [0, D)), with room for `uses` results. */
export async function createCorrelation(device: GPUDevice, D: number, ranges: Ranges, uses: number): Promise<Correlation> {
  if (!ranges.length || ranges.some(([a, b]) => !(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && a < b && b <= D))) {
    throw new InputError('compartments', `each range must be whole numbers with 0 ≤ a < b ≤ D = ${D}`);
  }
  const { tasks, perCompartment } = correlationTasks(ranges);
  const K = ranges.length, taskCount = tasks.length / 4;
  const [partialsKernel, reduceKernel] = await compileAll(device, [
    {
      label: 'subspace.correlationPartials', code: common + partials,
      bindings: ['uniform', 'read-only-storage', 'read-only-storage', 'read-only-storage', 'storage'],
      constants: { ...CORRELATION_TILE },
    },
    {
      label: 'subspace.correlationReduce', code: common + reduce,
      bindings: ['uniform', 'read-only-storage', 'read-only-storage', 'storage'],
      constants: { workgroupSize: REDUCE_WORKGROUP },
    },
  ]);
  const params = createBuffer(device, 'subspace.correlation.params', PARAMS_BYTES, UNIFORM);
  const taskBuffer = uploadBuffer(device, 'subspace.correlation.tasks', tasks);
  const rangeBuffer = uploadBuffer(device, 'subspace.correlation.ranges', perCompartment);
  const partialSums = createBuffer(device, 'subspace.correlation.partials', taskCount * 3 * 4);
  const sums = createBuffer(device, 'subspace.correlation.sums', uses * K * 3 * 4, STORAGE);
  const buffers = [params, taskBuffer, rangeBuffer, partialSums, sums];
  const reduceGroup = reduceKernel.bind([params, rangeBuffer, partialSums, sums], 'subspace.correlationReduce.bindGroup');
  const groups = new Map<GPUBuffer, Map<GPUBuffer, GPUBindGroup>>();
  const partialsGroup = (u: GPUBuffer, v: GPUBuffer) => {
    let byV = groups.get(u);
    if (!byV) groups.set(u, (byV = new Map()));
    let g = byV.get(v);
    if (!g) byV.set(v, (g = partialsKernel.bind([params, taskBuffer, u, v, partialSums], 'subspace.correlationPartials.bindGroup')));
    return g;
  };

  return {
    D, compartments: K, sums,
    bytes: buffers.reduce((s, b) => s + b.size, 0),
    record(pass, u, v, slots, use) {
      if (!(Number.isInteger(slots) && slots >= 1)) throw new InputError('slots', `must be a whole number ≥ 1, got ${slots}`);
      if (!(Number.isInteger(use) && use >= 0 && use < uses)) throw new InputError('use', `must be a whole number below ${uses}, got ${use}`);
      checkSize(u, D, 'u');
      checkSize(v, slots * D, 'v');
      device.queue.writeBuffer(params, 0, Uint32Array.of(taskCount, slots, D, K, use * K * 3, 0, 0, 0));
      partialsKernel.dispatch(pass, partialsGroup(u, v), ...grid2d(device, taskCount));
      reduceKernel.dispatch(pass, reduceGroup, ...grid2d(device, Math.ceil((3 * K) / REDUCE_WORKGROUP)));
    },
    destroy() {
      buffers.forEach((b) => b.destroy());
    },
  };
}
